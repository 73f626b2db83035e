import type uPlot from 'uplot';
import { html } from '../html';
import { formatNumber } from '../labels';
import { UNITS_QUERY, type UnitsData } from '../statistics/statistics.query';
import { graphqlFetch } from './graphql-fetch';

/** The picker: choosing a province or district reads the units under it from the API at once. */
function attachPicker() {
  const lists: Record<string, { none: string; next: string | null }> = {
    tinh: { none: '— Chọn tỉnh —', next: 'huyen' },
    huyen: { none: '— Toàn tỉnh —', next: 'xa' },
    xa: { none: '— Toàn huyện —', next: null },
  };
  const select = (id: string) => document.getElementById(id) as HTMLSelectElement;
  const fill = (id: string, units: { code: string; name: string }[]) => {
    select(id).innerHTML = html`<option value="">${lists[id].none}</option>
      ${units.map((unit) => html`<option value="${unit.code}">${unit.name}</option>`)}`.value;
  };
  for (const id of ['tinh', 'huyen']) {
    select(id).addEventListener('change', async () => {
      const next = lists[id].next!;
      const parent = select(id).value;
      fill(next, []);
      if (next === 'huyen') fill('xa', []);
      if (!parent) return;
      const data = await graphqlFetch<UnitsData>(UNITS_QUERY, { parent });
      fill(
        next,
        data.administrativeUnits.edges.map((edge) => edge.node),
      );
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
  const months = points.map((point) => `${Number(point.from.slice(5, 7))}/${point.from.slice(0, 4)}`);
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
