// The analyst's charts as the console serves them: ECharts' SVG with nothing the CSP refuses (no inline style,
// no <style> element, no script), a withheld value drawn as missing rather than as a bar of 0, and text escaped.
import { describe, expect, it } from 'vitest';
import { PALETTE, renderChartSvg, toCspSafeSvg, VALUE_COLOUR } from '../../functions/console/chart-engine.ts';
import { PALETTE_SIZE } from '../../functions/console/charts.tsx';

const BAR = PALETTE[0] as string;
const count = (svg: string, pattern: RegExp) => [...svg.matchAll(pattern)].length;
const valueLabels = (svg: string) =>
  [...svg.matchAll(new RegExp(`<text [^>]*fill="${VALUE_COLOUR}"[^>]*>([^<]*)</text>`, 'g'))].map(
    (m) => m[1],
  );

describe('a bar chart by county', () => {
  const svg = renderChartSvg({
    kind: 'bar',
    categories: ['CJ', 'DJ', 'GJ\n< 3'],
    series: [{ name: 'victims_coordinated', values: [0, 6, null] }],
  });

  it('carries no inline style, style element or script, and is hidden from assistive technology', () => {
    expect(svg).not.toMatch(/style=|<style|<script|class="zr/);
    expect(svg).toMatch(/^<svg aria-hidden="true" focusable="false" /);
    expect(svg).toContain('font-family="');
  });

  it('draws a bar and a label for each value, a published 0 included, and nothing for the withheld one', () => {
    expect(count(svg, new RegExp(`<path [^>]*fill="${BAR}"`, 'g'))).toBe(2);
    expect(valueLabels(svg).sort()).toEqual(['0', '6']);
    // The withheld county keeps its place, marked under its name.
    expect(svg).toContain('>&lt; 3</text>');
  });
});

describe('a trend with a gap', () => {
  it('leaves the withheld half-year out of the line instead of dropping it to 0', () => {
    const svg = renderChartSvg({
      kind: 'line',
      categories: ['2026-S1', '2026-S2', '2027-S1'],
      series: [
        { name: 'Victims', values: [7, null, 9] },
        { name: 'Hearings', values: [4, 5, 6] },
      ],
    });
    expect(svg).not.toMatch(/style=|<style/);
    expect(valueLabels(svg).sort()).toEqual(['4', '5', '6', '7', '9']);
  });
});

describe('the palette', () => {
  it('has as many colours as the pages let one chart hold groups', () => {
    expect(PALETTE).toHaveLength(PALETTE_SIZE);
  });
});

describe('toCspSafeSvg', () => {
  it('turns style declarations into presentation attributes and drops what only a stylesheet could use', () => {
    const safe = toCspSafeSvg(
      '<svg x="0"><text style="font-size:12px;font-family:sans-serif;user-select:none;" class="zr0-cls-1" ecmeta_data_index="0">a</text><style><![CDATA[.zr0-cls-1:hover{fill:red}]]></style></svg>',
    );
    expect(safe).toBe(
      '<svg aria-hidden="true" focusable="false" x="0"><text font-size="12px" font-family="sans-serif">a</text></svg>',
    );
  });

  it('keeps a category text escaped as ECharts wrote it', () => {
    const svg = renderChartSvg({
      kind: 'bar',
      categories: ['<img src=x onerror=alert(1)>'],
      series: [{ name: 'x', values: [3] }],
    });
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img');
  });
});
