import type { MessageKey } from "../i18n/messages.ts";

export type CampaignState = "open" | "not_open" | "closed" | "full";

export interface Campaign {
  opensAt: Date | null;
  closesAt: Date | null;
  responseCap: number | null;
}

/**
 * Whether a survey takes answers at `now`. `responseCount` is only needed (and only looked up by
 * callers) when the campaign has a cap.
 */
export function campaignState(campaign: Campaign, now: Date, responseCount: number | null): CampaignState {
  if (campaign.opensAt && now < campaign.opensAt) return "not_open";
  if (campaign.closesAt && now >= campaign.closesAt) return "closed";
  if (campaign.responseCap !== null && responseCount !== null && responseCount >= campaign.responseCap)
    return "full";
  return "open";
}

export const CLOSED_CODES: Record<Exclude<CampaignState, "open">, MessageKey> = {
  not_open: "survey_not_open",
  closed: "survey_closed",
  full: "survey_full",
};
