import { html, type Html } from '../html';
import { RANKING_METRICS } from './statistics-params';

export interface UnitOption {
  code: string;
  name: string;
}

export interface PickerState {
  provinces: UnitOption[];
  districts: UnitOption[];
  communes: UnitOption[];
  province: string;
  district: string;
  commune: string;
  from: string;
  to: string;
  metric: string;
}

/** The picker's three lists, each with what its empty choice means and the list below it. */
export const UNIT_LISTS = {
  tinh: { none: '— Chọn tỉnh —', below: ['huyen', 'xa'] },
  huyen: { none: '— Toàn tỉnh —', below: ['xa'] },
  xa: { none: '— Toàn huyện —', below: [] },
} as const;

export type UnitList = keyof typeof UNIT_LISTS;

/** A list's options: the empty choice, then the units (rendered by the server, and by statistics.js when a unit above changes). */
export const renderUnitOptions = (list: UnitList, units: UnitOption[], chosen = ''): Html =>
  html`<option value="">${UNIT_LISTS[list].none}</option>
    ${units.map((unit) => html`<option value="${unit.code}" ${unit.code === chosen ? 'selected' : ''}>${unit.name}</option>`)}`;

/**
 * The choice of unit (province, then district, then commune) and period. A GET form: without
 * JavaScript each step is sent and the next list comes with the page; with it (statistics.js) the
 * next list is read from the API as soon as a unit is chosen.
 */
export function renderUnitPicker(state: PickerState): Html {
  return html`<form id="chon-don-vi" class="unit-picker" action="/thong-ke" method="get">
    <fieldset>
      <legend>Đơn vị và kỳ báo cáo</legend>
      <div class="fields">
        <label
          >Tỉnh, thành phố
          <select name="tinh" id="tinh">
            ${renderUnitOptions('tinh', state.provinces, state.province)}
          </select></label
        >
        <label
          >Quận, huyện
          <select name="huyen" id="huyen">
            ${renderUnitOptions('huyen', state.districts, state.district)}
          </select></label
        >
        <label
          >Xã, phường, thị trấn
          <select name="xa" id="xa">
            ${renderUnitOptions('xa', state.communes, state.commune)}
          </select></label
        >
        <label>Từ ngày <input type="date" name="tu" id="tu" value="${state.from}" required /></label>
        <label>Đến ngày <input type="date" name="den" id="den" value="${state.to}" required /></label>
        <label
          >Xếp hạng theo
          <select name="xephang" id="xephang">
            ${Object.entries(RANKING_METRICS).map(
              ([key, metric]) => html`<option value="${key}" ${key === state.metric ? 'selected' : ''}>${metric.label}</option>`,
            )}
          </select></label
        >
      </div>
      <button type="submit">Xem số liệu</button>
    </fieldset>
  </form>`;
}
