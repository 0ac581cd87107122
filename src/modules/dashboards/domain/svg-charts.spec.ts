import { describe, expect, it } from '@jest/globals';
import { columnChart, fitLabel, horizontalBarChart } from './svg-charts.js';

describe('horizontalBarChart', () => {
  it('should scale bars to max over the room left after labels and values', () => {
    // Room: 600 − 160 − 40 = 400 units; 5 of 10 is 200 units.
    const chart = horizontalBarChart(
      [
        { label: 'A', values: [10, 5] },
        { label: 'B', values: [0, 20] },
      ],
      { max: 10, width: 600, labelWidth: 160, valueWidth: 40, barHeight: 10, gap: 4 },
    );
    const [a, b] = chart.rows;
    expect(a.bars.map((bar) => [bar.x, bar.y, bar.width, bar.height])).toEqual([
      [160, 4, 400, 10],
      [160, 16, 200, 10],
    ]);
    // A value above max is drawn full length; rows follow each other: 4 + 2 × 12 + 4 = 32.
    expect(b.bars.map((bar) => [bar.y, bar.width])).toEqual([
      [32, 0],
      [44, 400],
    ]);
    expect(chart.height).toBe(60);
    expect(a.bars[1].textX).toBe(364);
  });

  it('should take the largest value as max when none is given, and 1 when every value is 0', () => {
    expect(
      horizontalBarChart([{ label: 'x', values: [4, 2] }], {
        width: 300,
        labelWidth: 50,
        valueWidth: 50,
      }).rows[0].bars.map((bar) => bar.width),
    ).toEqual([200, 100]);
    expect(horizontalBarChart([{ label: 'x', values: [0] }]).rows[0].bars[0].width).toBe(0);
  });
});

describe('columnChart', () => {
  it('should stand columns on a common baseline, heights scaled to the largest value', () => {
    const chart = columnChart(
      [
        { label: '0', value: 2 },
        { label: '10', value: 4 },
        { label: '20', value: 0 },
      ],
      { slot: 40, plotHeight: 100, gap: 10 },
    );
    expect(chart.baseline).toBe(118);
    // 3 slots of 40 and 16 units either side.
    expect(chart.width).toBe(152);
    expect(chart.columns.map((column) => [column.x, column.width, column.height, column.y, column.centerX])).toEqual([
      [21, 30, 50, 68, 36],
      [61, 30, 100, 18, 76],
      [101, 30, 0, 118, 116],
    ]);
  });
});

describe('chart labels', () => {
  it('should shorten a label longer than its room with an ellipsis and keep a short one', () => {
    // 100 units hold 15 glyphs of 6.5 units.
    expect(fitLabel('Short label', 100)).toBe('Short label');
    expect(fitLabel('Strategic Budgeting and Financial Planning', 100)).toBe('Strategic Budg…');
    const chart = horizontalBarChart([{ label: 'Strategic Budgeting and Financial Planning', values: [1] }], {
      labelWidth: 106,
    });
    expect(chart.rows[0]).toMatchObject({
      label: 'Strategic Budg…',
      fullLabel: 'Strategic Budgeting and Financial Planning',
    });
  });

  it('should write a label under every n-th column only when asked', () => {
    const columns = ['2026-01', '2026-02', '2026-03', '2026-04'].map((label) => ({ label, value: 1 }));
    expect(columnChart(columns, { labelEvery: 3 }).columns.map((column) => column.label)).toEqual([
      '2026-01',
      '',
      '',
      '2026-04',
    ]);
  });
});
