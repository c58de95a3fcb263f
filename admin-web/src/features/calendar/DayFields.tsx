import { SelectField, TextField } from "../../components/Field";
import { t } from "../../i18n";
import { CALENDAR_KINDS, type CalendarKind } from "./api";
import { kindLabel } from "./labels";

/**
 * The day, its kind and its name: the fields a unit's day and a national day share. `idPrefix`
 * names the fields (`{idPrefix}-day`, `-kind`, `-name`) so each form keeps its own ids.
 */
export function DayFields(props: {
  idPrefix: string;
  day: string;
  kind: CalendarKind;
  name: string;
  nameHint: string;
  errors: Partial<Record<"day" | "kind" | "name", string>>;
  onDay: (value: string) => void;
  onKind: (value: CalendarKind) => void;
  onName: (value: string) => void;
}) {
  const { idPrefix, errors } = props;
  return (
    <>
      <TextField
        id={`${idPrefix}-day`}
        type="date"
        label={t("calColDay")}
        value={props.day}
        onValueChange={props.onDay}
        error={errors.day}
        required
      />
      <SelectField
        id={`${idPrefix}-kind`}
        label={t("calColKind")}
        value={props.kind}
        onValueChange={(value) => props.onKind(value as CalendarKind)}
        error={errors.kind}
      >
        {CALENDAR_KINDS.map((option) => (
          <option key={option} value={option}>
            {kindLabel(option)}
          </option>
        ))}
      </SelectField>
      <TextField
        id={`${idPrefix}-name`}
        label={t("calColName")}
        hint={props.nameHint}
        value={props.name}
        onValueChange={props.onName}
        error={errors.name}
        maxLength={120}
        required
      />
    </>
  );
}
