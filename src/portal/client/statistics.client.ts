import type uPlot from 'uplot';
import { formatMonth, formatNumber } from '../labels';
import { UNITS_QUERY, type UnitsData } from '../statistics/statistics.query';
import { renderUnitOptions, UNIT_LISTS, type UnitList } from '../statistics/unit-picker.view';
import { graphqlFetch } from './graphql-fetch';

/**
 * The picker: choosing a province or district empties the lists below it and reads the units
 * under it from the API at once. Should the API not answer, the lists stay empty and the form
 * still works: sent, the page comes back with them.
 */
function attachPicker() {
  const select = (list: UnitList) => document.getElementById(list) as HTMLSelectElement;
  for (const list of ['tinh', 'huyen'] as const) {
    select(list).addEventListener('change', async () => {
      const [next, ...rest] = UNIT_LISTS[list].below;
      for (const below of [next, ...rest]) select(below).innerHTML = renderUnitOptions(below, []).value;
      const parent = select(list).value;
      if (!parent) return;
      try {
        const data = await graphqlFetch<UnitsData>(UNITS_QUERY, { parent });
        select(next).innerHTML = renderUnitOptions(
          next,
          data.administrativeUnits.edges.map((edge) => edge.node),
        ).value;
      } catch {
        // Left empty: see above.
      }
    });
  }
}

interface MonthPoint {
  from: string;
  newlyReceived: number;
  resolved: number;
  resolvedOverdue: number;
}

/**
 * The monthly series drawn with uPlot from the data the page carries (the table below has the same
 * numbers). uPlot is loaded apart from the picker: it formats with the browser's own locale when it
 * loads, which throws for a locale Intl does not know (headless browsers report `en-US@posix`);
 * then the page keeps its table and its picker.
 */
async function drawChart() {
  const area = document.getElementById('bieu-do');
  const source = document.getElementById('chuoi-thang');
  if (!area || !source) return;
  const { default: uPlot } = await import('uplot');
  const points = JSON.parse(source.textContent ?? '[]') as MonthPoint[];
  // One x per month (its index), labelled "month/year": a time scale would put ticks between months.
  const months = points.map((point) => formatMonth(point.from));
  const monthAt = (index: number | null) => (index !== null && Number.isInteger(index) ? (months[index] ?? '') : '');
  const series = (label: string, stroke: string, dash?: number[]): uPlot.Series => ({
    label,
    stroke,
    width: 2,
    dash,
    points: { show: true, size: 7 },
    value: (_chart, value) => (value === null ? '—' : formatNumber(value)),
  });
  new uPlot(
    {
      width: Math.min(area.clientWidth || 640, 900),
      height: 280,
      scales: { x: { time: false } },
      axes: [
        { splits: () => months.map((_, index) => index), values: (_chart, ticks) => ticks.map(monthAt), space: 40 },
        { size: 60, values: (_chart, ticks) => ticks.map(formatNumber) },
      ],
      series: [
        { label: 'Tháng', value: (_chart, index) => monthAt(index) || '—' },
        series('Tiếp nhận mới', '#1d4ed8'),
        series('Đã giải quyết', '#15803d', [6, 3]),
        series('Quá hạn', '#b91c1c', [2, 2]),
      ],
    },
    [
      months.map((_, index) => index),
      points.map((point) => point.newlyReceived),
      points.map((point) => point.resolved),
      points.map((point) => point.resolvedOverdue),
    ],
    area,
  );
  area.dataset.points = String(points.length);
}

attachPicker();
drawChart().catch(() => undefined);
