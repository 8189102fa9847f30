// Draws the analyst's charts with Apache ECharts on the server, to an SVG string without a DOM (`ssr: true`
// and the SVG renderer), then rewrites what the console's CSP would refuse. Imported lazily by charts.tsx, so
// only a page with a chart pays for loading the library; every other console page starts as before.
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, AriaComponent, SVGRenderer]);

/** A value the chart draws, or null for a suppressed or inapplicable cell: drawn as missing, never as 0. */
export type ChartValue = number | null;

export interface ChartSeries {
  name: string;
  values: readonly ChartValue[];
}

export interface ChartSpec {
  kind: 'bar' | 'line';
  categories: readonly string[];
  series: readonly ChartSeries[];
  width?: number;
  height?: number;
}

/** Colours that keep 3:1 against white and each other's neighbours (WCAG 1.4.11 for graphics). */
export const PALETTE = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#b58840', '#28a197'];
/** The value labels' colour: the tests find a chart's numbers by it, apart from the axes' and legend's text. */
export const VALUE_COLOUR = '#0b0c0c';
const AXIS_COLOUR = '#484949';
/** Lines differ by marker and dash as well as colour, so no series is told apart by colour alone. */
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'pin', 'arrow'];
const DASHES = ['solid', 'dashed', 'dotted'] as const;

const FONT = { fontFamily: 'system-ui, Arial, sans-serif', fontSize: 13 };

function option(spec: ChartSpec) {
  const several = spec.series.length > 1;
  return {
    animation: false,
    color: PALETTE,
    textStyle: FONT,
    // Decal patterns on bars: with several series, each is also told apart without colour.
    aria: { enabled: several && spec.kind === 'bar', decal: { show: several && spec.kind === 'bar' } },
    legend: several
      ? { show: true, top: 0, textStyle: { ...FONT, color: AXIS_COLOUR }, itemGap: 16, silent: true }
      : { show: false },
    grid: { left: 48, right: 16, top: several ? 40 : 24, bottom: 56 },
    xAxis: {
      type: 'category',
      data: [...spec.categories],
      silent: true,
      // Every category named; past a dozen (counties) the names turn so they do not run into each other.
      axisLabel: {
        interval: 0,
        color: AXIS_COLOUR,
        ...FONT,
        hideOverlap: false,
        rotate: spec.categories.length > 12 ? 60 : 0,
      },
      axisLine: { lineStyle: { color: AXIS_COLOUR } },
    },
    yAxis: {
      type: 'value',
      silent: true,
      minInterval: 1,
      axisLabel: { color: AXIS_COLOUR, ...FONT },
      splitLine: { lineStyle: { color: '#d8dadc' } },
    },
    series: spec.series.map((series, i) => ({
      type: spec.kind,
      name: series.name,
      silent: true,
      emphasis: { disabled: true },
      // '-' is ECharts' "no value": nothing is drawn there, not a bar of height 0.
      data: series.values.map((value) => (value === null ? '-' : value)),
      label: { show: true, position: 'top', color: VALUE_COLOUR, ...FONT },
      ...(spec.kind === 'line'
        ? {
            connectNulls: false,
            symbol: SYMBOLS[i % SYMBOLS.length],
            symbolSize: 9,
            lineStyle: { width: 3, type: DASHES[i % DASHES.length] },
          }
        : { barMaxWidth: 48 }),
    })),
  };
}

/** CSS properties ECharts writes in `style=` that SVG also takes as presentation attributes. */
const PRESENTATION = new Set([
  'font-size',
  'font-family',
  'font-weight',
  'font-style',
  'fill',
  'stroke',
  'opacity',
  'fill-opacity',
  'stroke-opacity',
]);

/**
 * The console's CSP allows no inline style: `style="a:b"` becomes presentation attributes (`a="b"`), the
 * hover rules ECharts puts in a `<style>` element go (the chart is static), and so do its bookkeeping
 * attributes and the classes that only that stylesheet used.
 */
export function toCspSafeSvg(svg: string): string {
  return (
    svg
      .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '')
      .replace(/ style="([^"]*)"/g, (_, css: string) =>
        css
          .split(';')
          .map((declaration) => declaration.split(':').map((part) => part.trim()))
          .filter(([name, value]) => name && value && PRESENTATION.has(name))
          .map(([name, value]) => ` ${name}="${value?.replace(/"/g, "'")}"`)
          .join(''),
      )
      .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
      .replace(/ class="zr\d+-cls-\d+"/g, '')
      .replace(/ pointer-events="visible"/g, '')
      .replace(/\n/g, '')
      // The figure around it is the image and says every value; the drawing itself is not read out again.
      .replace(/^<svg /, '<svg aria-hidden="true" focusable="false" ')
  );
}

export function renderChartSvg(spec: ChartSpec): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: spec.width ?? 640,
    height: spec.height ?? 300,
  });
  try {
    chart.setOption(option(spec));
    return toCspSafeSvg(chart.renderToSVGString());
  } finally {
    // Without it the chart's animation loop keeps a timer alive in the Lambda (and in a test process).
    chart.dispose();
  }
}
