import { PETITION_KINDS, type PetitionKind } from "../petitions/api";
import {
  type Limit,
  type PetitionSettings,
  type PetitionSettingsInput,
  type PetitionSettingsView,
  STEPS,
  type Step,
  TARGET_NAMES,
  type TargetName,
} from "./api";

export type RuleField = `rules.${PetitionKind}.${Step}`;
export type TargetField = `targets.${TargetName}`;
export type SettingsField = RuleField | TargetField;

export const ruleField = (kind: PetitionKind, step: Step): RuleField => `rules.${kind}.${step}`;
export const targetField = (name: TargetName): TargetField => `targets.${name}`;

export const RULE_FIELDS: readonly RuleField[] = PETITION_KINDS.flatMap((kind) =>
  STEPS.map((step) => ruleField(kind, step)),
);
export const TARGET_FIELDS: readonly TargetField[] = TARGET_NAMES.map(targetField);

/** The settings that apply to one unit of the chain, from the unit itself upwards. */
export interface Level {
  unitId: string;
  name: string;
  settings: PetitionSettings;
}

/**
 * What the unit would get with no setting of its own. `unknown`: the unit has a unit above whose
 * settings the person cannot read.
 */
export type Inherited =
  | { from: "none" }
  | { from: "unit"; value: number; unitName: string }
  | { from: "unknown" };

export interface FieldState {
  /** The value that applies now (days, or a share for targets). */
  effective: number;
  /** Where the value that applies comes from. */
  source: "own" | "inherited" | "default";
  /** The unit's own value as first shown in its input (days, or a share); null: inherits. */
  own: number | null;
  inherited: Inherited;
}

/**
 * A limit the API applies: counted as the law counts it and not longer (the API ignores any other).
 */
function ruleDays(
  settings: PetitionSettings,
  kind: PetitionKind,
  step: Step,
  legal: Limit,
): number | undefined {
  const own = settings.rules[kind]?.[step];
  return own && own.unit === legal.unit && own.days >= 0 && own.days <= legal.days ? own.days : undefined;
}

function targetShare(settings: PetitionSettings, name: TargetName): number | undefined {
  const value = settings.targets[name];
  return typeof value === "number" ? value : undefined;
}

/**
 * The API answers only the settings that apply to a unit (its own, else the nearest above it that
 * has some, as a whole). Comparing with the units above tells own from inherited, and from where.
 * `levels[0]` is the unit itself; `parentUnknown` when its unit above could not be read.
 */
function fieldState(
  levels: readonly Level[],
  parentUnknown: boolean,
  readValue: (settings: PetitionSettings) => number | undefined,
  fallback: number,
): FieldState {
  const mine = readValue(levels[0]!.settings);
  if (parentUnknown) {
    return {
      effective: mine ?? fallback,
      source: mine === undefined ? "default" : "own",
      own: mine ?? null,
      inherited: { from: "unknown" },
    };
  }
  const parentValue = levels.length > 1 ? readValue(levels[1]!.settings) : undefined;
  let inherited: Inherited = { from: "none" };
  if (parentValue !== undefined) {
    let top = 1;
    while (top + 1 < levels.length && readValue(levels[top + 1]!.settings) === parentValue) top++;
    inherited = { from: "unit", value: parentValue, unitName: levels[top]!.name };
  }
  const same = mine === parentValue;
  return {
    effective: mine ?? fallback,
    source: same ? (mine === undefined ? "default" : "inherited") : "own",
    // Own settings replace those above as a whole: a limit left out of them follows the law.
    own: same ? null : (mine ?? fallback),
    inherited,
  };
}

export interface SettingsModel {
  legal: PetitionSettingsView["legal"];
  defaultTargets: PetitionSettingsView["defaultTargets"];
  fields: Record<SettingsField, FieldState>;
}

export function buildModel(
  view: PetitionSettingsView,
  levels: readonly Level[],
  parentUnknown: boolean,
): SettingsModel {
  const fields = {} as Record<SettingsField, FieldState>;
  for (const kind of PETITION_KINDS) {
    for (const step of STEPS) {
      const legal = view.legal[kind][step];
      fields[ruleField(kind, step)] = fieldState(
        levels,
        parentUnknown,
        (settings) => ruleDays(settings, kind, step, legal),
        legal.days,
      );
    }
  }
  for (const name of TARGET_NAMES) {
    fields[targetField(name)] = fieldState(
      levels,
      parentUnknown,
      (settings) => targetShare(settings, name),
      view.defaultTargets[name],
    );
  }
  return { legal: view.legal, defaultTargets: view.defaultTargets, fields };
}

/** A share as a percentage for an input: 0.955 → "95,5" in Vietnamese. */
export function percentInput(share: number, lang: "vi" | "en"): string {
  const text = String(Math.round(share * 1000) / 10);
  return lang === "vi" ? text.replace(".", ",") : text;
}

/** The inputs as first shown: the unit's own values, empty where it inherits. */
export function initialValues(model: SettingsModel, lang: "vi" | "en"): Record<SettingsField, string> {
  const values = {} as Record<SettingsField, string>;
  for (const field of RULE_FIELDS) {
    const own = model.fields[field].own;
    values[field] = own === null ? "" : String(own);
  }
  for (const field of TARGET_FIELDS) {
    const own = model.fields[field].own;
    values[field] = own === null ? "" : percentInput(own, lang);
  }
  return values;
}

export type LocalProblem = "days" | "percent";

export function parseDays(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : null;
}

export function parsePercent(text: string): number | null {
  const trimmed = text.trim().replace(",", ".");
  if (!/^\d{1,3}(\.\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= 0 && value <= 100 ? value : null;
}

/**
 * The PUT body for the inputs, or the fields that cannot be read. An empty input inherits: as own
 * settings replace those above as a whole, the inherited value is copied into them; when every input
 * of a part is empty that part is dropped (`null`) and the unit inherits it again, whole.
 */
export function buildInput(
  model: SettingsModel,
  values: Record<SettingsField, string>,
): { input: PetitionSettingsInput } | { problems: Partial<Record<SettingsField, LocalProblem>> } {
  const problems: Partial<Record<SettingsField, LocalProblem>> = {};
  const inheritedValue = (field: SettingsField) => {
    const inherited = model.fields[field].inherited;
    return inherited.from === "unit" ? inherited.value : undefined;
  };

  let anyRule = false;
  const rules: NonNullable<PetitionSettingsInput["rules"]> = {};
  for (const kind of PETITION_KINDS) {
    const kindRules: Partial<Record<Step, Limit>> = {};
    for (const step of STEPS) {
      const field = ruleField(kind, step);
      const text = values[field].trim();
      let days: number | undefined;
      if (text !== "") {
        anyRule = true;
        const parsed = parseDays(text);
        if (parsed === null) problems[field] = "days";
        else days = parsed;
      } else {
        days = inheritedValue(field);
      }
      if (days !== undefined) kindRules[step] = { days, unit: model.legal[kind][step].unit };
    }
    if (Object.keys(kindRules).length > 0) rules[kind] = kindRules;
  }

  let anyTarget = false;
  const targets: NonNullable<PetitionSettingsInput["targets"]> = {};
  for (const name of TARGET_NAMES) {
    const field = targetField(name);
    const text = values[field].trim();
    if (text !== "") {
      anyTarget = true;
      const parsed = parsePercent(text);
      if (parsed === null) problems[field] = "percent";
      else targets[name] = Number((parsed / 100).toFixed(4));
    } else {
      const share = inheritedValue(field);
      if (share !== undefined) targets[name] = share;
    }
  }

  if (Object.keys(problems).length > 0) return { problems };
  return { input: { rules: anyRule ? rules : null, targets: anyTarget ? targets : null } };
}

/** The input a problem `errors[].field` names (`rules.reflection.answer.days` → its limit). */
export function fieldOfProblem(name: string): SettingsField | null {
  const all: readonly SettingsField[] = [...RULE_FIELDS, ...TARGET_FIELDS];
  return all.find((field) => name === field || name.startsWith(`${field}.`)) ?? null;
}
