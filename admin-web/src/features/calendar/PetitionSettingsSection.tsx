import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { ApiError, isSessionExpired, toApiError } from "../../api/client";
import { focusFirstProblem, TextField } from "../../components/Field";
import { ScrollRegion } from "../../components/ScrollRegion";
import { formatPercent, getLang, type MessageKey, t, useLang } from "../../i18n";
import { PETITION_KINDS, type PetitionKind } from "../petitions/api";
import { KIND_KEYS } from "../petitions/labels";
import { fetchUnits } from "../units/api";
import {
  fetchPetitionSettings,
  type Limit,
  type LimitUnit,
  STEPS,
  type Step,
  savePetitionSettings,
  TARGET_NAMES,
  type TargetName,
} from "./api";
import {
  buildInput,
  buildModel,
  type FieldState,
  fieldOfProblem,
  initialValues,
  type Level,
  ruleField,
  type SettingsField,
  type SettingsModel,
  targetField,
} from "./petitionSettingsModel";

const STEP_LABEL_KEYS: Record<Step, MessageKey> = { acknowledge: "psOwnAcknowledge", answer: "psOwnAnswer" };
const STEP_COLUMN_KEYS: Record<Step, MessageKey> = { acknowledge: "psColAcknowledge", answer: "psColAnswer" };
const TARGET_KEYS: Record<TargetName, MessageKey> = {
  answered: "psTargetAnswered",
  onTime: "psTargetOnTime",
  early: "psTargetEarly",
  satisfied: "psTargetSatisfied",
};

const unitWord = (unit: LimitUnit) => t(unit === "working" ? "psUnitWorking" : "psUnitCalendar");
const daysText = (days: number, unit: LimitUnit) =>
  t(unit === "working" ? "psDaysWorking" : "psDaysCalendar", { days });

/** The hint under an input: the law (or default), what the unit would inherit, what empty means. */
function hintFor(state: FieldState, limitText: string, isTarget: boolean, format: (value: number) => string) {
  const base = isTarget ? t("psDefaultTarget", { value: limitText }) : t("psLegal", { limit: limitText });
  let inherited: string;
  if (state.inherited.from === "unit") {
    inherited = t("psInheritedFrom", {
      unit: state.inherited.unitName,
      value: format(state.inherited.value),
    });
  } else if (state.inherited.from === "unknown") {
    inherited = t("psInheritedUnknown");
  } else {
    inherited = t(isTarget ? "psInheritedDefault" : "psInheritedLaw");
  }
  return `${base} ${inherited} ${t("psEmptyInherits")}`;
}

/** What applies now, and where it comes from, for the read-only view. */
function appliedText(state: FieldState, format: (value: number) => string, isTarget: boolean): string {
  const value = format(state.effective);
  if (state.source === "own") return t("psSourceOwn", { value });
  if (state.source === "inherited" && state.inherited.from === "unit") {
    return t("psSourceInherited", { value, unit: state.inherited.unitName });
  }
  return t(isTarget ? "psSourceDefault" : "psSourceLaw", { value });
}

interface Props {
  unit: { id: string; name: string };
  /** The unit's admin (units.manage): may change the settings. */
  canManage: boolean;
  onUnauthorized: () => void;
}

type Loaded = { model: SettingsModel; values: Record<SettingsField, string> };

/**
 * A unit's petition time limits (only shorter than the law's) and dashboard targets, own or
 * inherited from the units above it.
 */
export function PetitionSettingsSection({ unit, canManage, onUnauthorized }: Props) {
  useLang(); // the labels follow the language switch
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<SettingsField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const latestRequest = useRef(0);
  // Focus moves to the first problem once it is on screen (after React has rendered the errors).
  const [problemShown, setProblemShown] = useState(0);
  useEffect(() => {
    if (problemShown > 0) focusFirstProblem(formRef.current);
  }, [problemShown]);

  const load = useCallback(async () => {
    const request = ++latestRequest.current;
    try {
      const [view, units] = await Promise.all([
        fetchPetitionSettings(unit.id),
        fetchUnits().catch(() => ({ items: [] })),
      ]);
      // The units above, nearest first, as far as the person may read their settings.
      const byId = new Map(units.items.map((item) => [item.id, item]));
      const levels: Level[] = [{ unitId: unit.id, name: unit.name, settings: view }];
      let parentId = byId.get(unit.id)?.parentId ?? null;
      let parentUnknown = byId.size === 0;
      const seen = new Set([unit.id]);
      while (parentId && !seen.has(parentId)) {
        seen.add(parentId);
        const parent = byId.get(parentId);
        const settings = parent ? await fetchPetitionSettings(parentId).catch(() => null) : null;
        if (!parent || !settings) {
          if (levels.length === 1) parentUnknown = true;
          break;
        }
        levels.push({ unitId: parent.id, name: parent.name, settings });
        parentId = parent.parentId;
      }
      if (request !== latestRequest.current) return;
      const model = buildModel(view, levels, parentUnknown);
      setLoaded({ model, values: initialValues(model, getLang()) });
      setLoadError(null);
      setForbidden(false);
    } catch (error) {
      if (request !== latestRequest.current) return;
      if (isSessionExpired(error)) return onUnauthorized();
      setLoaded(null);
      if (error instanceof ApiError && error.status === 403) setForbidden(true);
      else setLoadError(toApiError(error).detail);
    }
  }, [unit.id, unit.name, onUnauthorized]);

  useEffect(() => {
    void load();
  }, [load]);

  const setValue = (field: SettingsField, value: string) =>
    setLoaded((current) =>
      current ? { ...current, values: { ...current.values, [field]: value } } : current,
    );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !loaded) return;
    setStatus("");
    setFormError(null);
    const built = buildInput(loaded.model, loaded.values);
    if ("problems" in built) {
      const local: Partial<Record<SettingsField, string>> = {};
      for (const [field, problem] of Object.entries(built.problems)) {
        local[field as SettingsField] = t(problem === "days" ? "psErrDays" : "psErrPercent");
      }
      setErrors(local);
      setProblemShown((count) => count + 1);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await savePetitionSettings(unit.id, built.input);
      await load();
      setStatus(t("psSaved"));
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      const apiError = toApiError(error);
      const mapped: Partial<Record<SettingsField, string>> = {};
      for (const item of apiError.errors) {
        const field = fieldOfProblem(item.field);
        if (field) mapped[field] ??= item.message;
      }
      setErrors(mapped);
      if (Object.keys(mapped).length === 0) setFormError(apiError.detail);
      setProblemShown((count) => count + 1);
    } finally {
      setBusy(false);
    }
  };

  const percent = (share: number) => formatPercent(share);

  return (
    <section className="panel" aria-labelledby="petition-settings-title">
      <h2 id="petition-settings-title">{t("psTitle")}</h2>
      <p className="muted">{t("psIntro")}</p>
      <p className="status-line" role="status">
        {status}
      </p>
      {forbidden && <p className="notice">{t("psNoAccess")}</p>}
      {loadError && (
        <div className="form-error" role="alert">
          <p>{loadError}</p>
          <button type="button" className="button small" onClick={() => void load()}>
            {t("retry")}
          </button>
        </div>
      )}
      {!loaded && !loadError && !forbidden && <p>{t("loading")}</p>}
      {loaded && !canManage && <ReadOnlySettings model={loaded.model} unitName={unit.name} />}
      {loaded && canManage && (
        <form
          ref={formRef}
          noValidate
          onSubmit={(event) => void onSubmit(event)}
          aria-labelledby="petition-settings-title"
        >
          <p className="notice">{t("psNotRecomputed")}</p>
          {formError && (
            <p className="form-error" role="alert" tabIndex={-1}>
              {formError}
            </p>
          )}
          <h3>{t("psLimitsTitle")}</h3>
          {PETITION_KINDS.map((kind) => (
            <fieldset key={kind} className="panel">
              <legend>{t(KIND_KEYS[kind])}</legend>
              <div className="grid-form">
                {STEPS.map((step) => {
                  const field = ruleField(kind, step);
                  const legal: Limit = loaded.model.legal[kind][step];
                  return (
                    <TextField
                      key={step}
                      id={`ps-${kind}-${step}`}
                      type="number"
                      inputMode="numeric"
                      min={0}
                      step={1}
                      label={t(STEP_LABEL_KEYS[step], { unit: unitWord(legal.unit) })}
                      hint={hintFor(
                        loaded.model.fields[field],
                        daysText(legal.days, legal.unit),
                        false,
                        (days) => daysText(days, legal.unit),
                      )}
                      value={loaded.values[field]}
                      onValueChange={(value) => setValue(field, value)}
                      error={errors[field]}
                    />
                  );
                })}
              </div>
            </fieldset>
          ))}
          <h3>{t("psTargetsTitle")}</h3>
          <fieldset className="panel">
            <legend>{t("psTargetsLegend")}</legend>
            <div className="grid-form">
              {TARGET_NAMES.map((name) => {
                const field = targetField(name);
                return (
                  <TextField
                    key={name}
                    id={`ps-target-${name}`}
                    inputMode="decimal"
                    label={t(TARGET_KEYS[name])}
                    hint={hintFor(
                      loaded.model.fields[field],
                      percent(loaded.model.defaultTargets[name]),
                      true,
                      percent,
                    )}
                    value={loaded.values[field]}
                    onValueChange={(value) => setValue(field, value)}
                    error={errors[field]}
                  />
                );
              })}
            </div>
          </fieldset>
          <div className="form-actions">
            <button type="submit" className="button primary" aria-busy={busy || undefined}>
              {busy ? t("saving") : t("psSave")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function ReadOnlySettings({ model, unitName }: { model: SettingsModel; unitName: string }) {
  const label = (kind: PetitionKind) => t(KIND_KEYS[kind]);
  return (
    <>
      <p className="notice">{t("psReadOnly")}</p>
      <ScrollRegion labelledBy="ps-limits-caption">
        <table className="data-table">
          <caption id="ps-limits-caption">{t("psLimitsCaption", { unit: unitName })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("psColKind")}</th>
              {STEPS.map((step) => (
                <th key={step} scope="col">
                  {t(STEP_COLUMN_KEYS[step])}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {PETITION_KINDS.map((kind) => (
              <tr key={kind}>
                <th scope="row">{label(kind)}</th>
                {STEPS.map((step) => {
                  const legal = model.legal[kind][step];
                  return (
                    <td key={step}>
                      {appliedText(
                        model.fields[ruleField(kind, step)],
                        (days) => daysText(days, legal.unit),
                        false,
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <ScrollRegion labelledBy="ps-targets-caption">
        <table className="data-table">
          <caption id="ps-targets-caption">{t("psTargetsCaption", { unit: unitName })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("psColTarget")}</th>
              <th scope="col">{t("psColValue")}</th>
            </tr>
          </thead>
          <tbody>
            {TARGET_NAMES.map((name) => (
              <tr key={name}>
                <th scope="row">{t(TARGET_KEYS[name])}</th>
                <td>{appliedText(model.fields[targetField(name)], formatPercent, true)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}
