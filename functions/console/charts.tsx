// The analyst's charts as page components: an SVG drawn on the server by the chart engine (Apache ECharts),
// inside a figure whose accessible name says every value, with the same numbers in a table beside it.
import type { ChartSpec, ChartValue } from './chart-engine.ts';

export type { ChartSpec, ChartValue };

/** As many groups as one chart tells apart: the engine's colours (kept here so pages need not load it). */
export const PALETTE_SIZE = 6;

/**
 * Loaded on the first chart, not at the function's start: the library is most of the console's bundle and
 * only the analyst's pages draw with it, so no other page's cold start evaluates it.
 */
let engine: Promise<typeof import('./chart-engine.ts')> | undefined;

export async function drawChart(spec: ChartSpec): Promise<string> {
  engine ??= import('./chart-engine.ts');
  return (await engine).renderChartSvg(spec);
}

/**
 * A drawn chart. `description` is its accessible name (role="img"): the values the picture shows, with the
 * missing ones named as such, so a screen reader hears what a sighted reader sees.
 */
export function Chart(props: { svg: string; title: string; description: string }) {
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div
        class="chart-svg"
        role="img"
        aria-label={`${props.title}. ${props.description}`}
        // The engine's SVG escapes every text it draws; its attributes carry only numbers and our colours.
        dangerouslySetInnerHTML={{ __html: props.svg }}
      />
    </figure>
  );
}
