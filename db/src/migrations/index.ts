import type { Migration } from "kysely";
import * as m20261123090000 from "./20261123090000_init.ts";
import * as m20261123100000 from "./20261123100000_access_control.ts";
import * as m20261123110000 from "./20261123110000_outbox_and_password_links.ts";
import * as m20261124090000 from "./20261124090000_survey_campaigns.ts";
import * as m20261124100000 from "./20261124100000_petitions.ts";
import * as m20261124110000 from "./20261124110000_petition_followup.ts";
import * as m20261124120000 from "./20261124120000_petition_attachments.ts";
import * as m20261124130000 from "./20261124130000_petition_retention.ts";
import * as m20261124140000 from "./20261124140000_open311.ts";
import * as m20261124150000 from "./20261124150000_petition_publication.ts";
import * as m20261124160000 from "./20261124160000_unit_petition_settings.ts";
import * as m20261125090000 from "./20261125090000_webhooks.ts";
import * as m20261125100000 from "./20261125100000_petition_source_unique.ts";
import * as m20261125110000 from "./20261125110000_monthly_reports.ts";
import * as m20261204090000 from "./20261204090000_clock_stamps.ts";
import * as m20261204100000 from "./20261204100000_national_calendar_and_legal_clocks.ts";
import * as m20261205090000 from "./20261205090000_citizen_keys.ts";
import * as m20261205110000 from "./20261205110000_held_answers.ts";

/**
 * Every migration, keyed by its timestamped name. Listed explicitly (rather than read from the
 * folder) so the set is the same under tsx, a bundler or a compiled build.
 */
export const migrations: Record<string, Migration> = {
  "20261123090000_init": m20261123090000,
  "20261123100000_access_control": m20261123100000,
  "20261123110000_outbox_and_password_links": m20261123110000,
  "20261124090000_survey_campaigns": m20261124090000,
  "20261124100000_petitions": m20261124100000,
  "20261124110000_petition_followup": m20261124110000,
  "20261124120000_petition_attachments": m20261124120000,
  "20261124130000_petition_retention": m20261124130000,
  "20261124140000_open311": m20261124140000,
  "20261124150000_petition_publication": m20261124150000,
  "20261124160000_unit_petition_settings": m20261124160000,
  "20261125090000_webhooks": m20261125090000,
  "20261125100000_petition_source_unique": m20261125100000,
  "20261125110000_monthly_reports": m20261125110000,
  "20261204090000_clock_stamps": m20261204090000,
  "20261204100000_national_calendar_and_legal_clocks": m20261204100000,
  "20261205090000_citizen_keys": m20261205090000,
  "20261205110000_held_answers": m20261205110000,
};
