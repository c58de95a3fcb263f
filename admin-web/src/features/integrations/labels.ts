import { type MessageKey, t } from "../../i18n";

const EVENT_KEYS: Record<string, MessageKey> = {
  "petition.created": "whEvCreated",
  "petition.state_changed": "whEvStateChanged",
  "petition.answered": "whEvAnswered",
  "survey.responses": "whEvSurvey",
  ping: "whEvPing",
};

/** A webhook event in words, or its code when it is one the console does not know. */
export function eventLabel(event: string): string {
  const key = EVENT_KEYS[event];
  return key ? t(key) : event;
}
