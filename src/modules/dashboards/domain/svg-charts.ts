/**
 * Geometry of the server-drawn charts (inline SVG, no script): the views draw the rectangles computed here, so the
 * arithmetic is tested once and the markup stays escaped by Handlebars. Coordinates are in SVG user units.
 */

export interface BarSeriesValue {
  value: number;
  /** Which series (0, 1, …): the view colours bars by series. */
  series: number;
}

export interface HorizontalBarRow {
  label: string;
  values: readonly number[];
}

export interface HorizontalBar {
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
  series: number;
  /** Where the value's text goes: just after the bar. */
  textX: number;
  textY: number;
}

export interface HorizontalBarChart {
  width: number;
  height: number;
  labelWidth: number;
  /** label: shortened to fit the label room; fullLabel: as given, for the label's own <title>. */
  rows: { label: string; fullLabel: string; labelY: number; bars: HorizontalBar[] }[];
}

// An average glyph of the 12-unit label font is about 6.5 units wide: a label longer than its room is shortened.
const LABEL_GLYPH = 6.5;

/** A label cut to `room` units with an ellipsis, so it never runs off the chart's edge. */
export function fitLabel(label: string, room: number): string {
  const chars = Math.max(4, Math.floor(room / LABEL_GLYPH));
  const glyphs = [...label];
  return glyphs.length <= chars
    ? label
    : `${glyphs
        .slice(0, chars - 1)
        .join('')
        .trimEnd()}…`;
}

export interface HorizontalBarOptions {
  /** The value a full-length bar stands for; the largest value when not given (at least 1). */
  max?: number;
  width?: number;
  labelWidth?: number;
  barHeight?: number;
  /** Space between the bars of one row and between rows. */
  gap?: number;
  /** Room kept after the longest bar for its value. */
  valueWidth?: number;
}

/**
 * Rows of one or more bars each (e.g. started and completed per module), bars scaled to `max` over the room left
 * after the labels. A value above max is drawn at full length; negative values are drawn as 0.
 */
export function horizontalBarChart(
  rows: readonly HorizontalBarRow[],
  options: HorizontalBarOptions = {},
): HorizontalBarChart {
  const width = options.width ?? 600;
  const labelWidth = options.labelWidth ?? 160;
  const barHeight = options.barHeight ?? 14;
  const gap = options.gap ?? 4;
  const valueWidth = options.valueWidth ?? 48;
  const largest = Math.max(0, ...rows.flatMap((row) => row.values));
  const max = options.max ?? Math.max(1, largest);
  const room = width - labelWidth - valueWidth;
  let y = gap;
  const drawn = rows.map((row) => {
    const top = y;
    const bars = row.values.map((value, series) => {
      const length = (Math.min(Math.max(value, 0), max) / max) * room;
      const bar = {
        x: labelWidth,
        y,
        width: round(length),
        height: barHeight,
        value,
        series,
        textX: round(labelWidth + length + 4),
        textY: round(y + barHeight * 0.8),
      };
      y += barHeight + gap / 2;
      return bar;
    });
    y += gap;
    const rowHeight = y - top - gap;
    return {
      label: fitLabel(row.label, labelWidth - 6),
      fullLabel: row.label,
      labelY: round(top + rowHeight / 2 + barHeight * 0.3),
      bars,
    };
  });
  return { width, height: round(y), labelWidth, rows: drawn };
}

export interface ColumnInput {
  label: string;
  value: number;
}

export interface Column {
  label: string;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Centre of the column, for its label under the axis and its value above it. */
  centerX: number;
  valueY: number;
}

export interface ColumnChart {
  width: number;
  height: number;
  /** y of the axis (the columns' common base). */
  baseline: number;
  labelY: number;
  columns: Column[];
}

export interface ColumnOptions {
  max?: number;
  /** Write the label under every n-th column only (1: all), so dense charts (months) stay readable. */
  labelEvery?: number;
  /** Width of one column slot (column + gap). */
  slot?: number;
  plotHeight?: number;
  gap?: number;
}

// Room either side of the columns, so the first and last labels under the axis are not cut.
const SIDE = 16;

/** Vertical columns from a common baseline (histogram bins, cohorts per month), scaled to `max`. */
export function columnChart(columns: readonly ColumnInput[], options: ColumnOptions = {}): ColumnChart {
  const slot = options.slot ?? 48;
  const plotHeight = options.plotHeight ?? 120;
  const gap = options.gap ?? 8;
  const top = 18;
  const baseline = top + plotHeight;
  const max = options.max ?? Math.max(1, ...columns.map((column) => column.value));
  const labelEvery = Math.max(1, options.labelEvery ?? 1);
  const drawn = columns.map((column, index) => {
    const height = round((Math.min(Math.max(column.value, 0), max) / max) * plotHeight);
    const x = SIDE + index * slot + gap / 2;
    return {
      label: index % labelEvery === 0 ? column.label : '',
      value: column.value,
      x,
      y: baseline - height,
      width: slot - gap,
      height,
      centerX: round(x + (slot - gap) / 2),
      valueY: baseline - height - 4,
    };
  });
  return {
    width: Math.max(slot, columns.length * slot) + 2 * SIDE,
    height: baseline + 20,
    baseline,
    labelY: baseline + 14,
    columns: drawn,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
