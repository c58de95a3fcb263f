import { t } from "../i18n";
import { flattenTree, indentLabel, type TreeItem } from "./unitTree";

interface Props {
  units: readonly TreeItem[];
  value: string | null;
  onChange: (unitId: string) => void;
}

/** The header's unit picker: the Staff and Audit pages act on the chosen unit. */
export function UnitSwitcher({ units, value, onChange }: Props) {
  if (units.length === 0) return null;
  return (
    <div className="unit-switcher">
      <label htmlFor="unit-switcher">{t("unitSwitcherLabel")}</label>
      <select id="unit-switcher" value={value ?? ""} onChange={(event) => onChange(event.target.value)}>
        {flattenTree(units).map(({ unit, depth }) => (
          <option key={unit.id} value={unit.id}>
            {indentLabel(unit.name, depth)}
          </option>
        ))}
      </select>
    </div>
  );
}
