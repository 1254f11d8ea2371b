// The limits form's fields → the organisation's limits, or the first refusal naming its field.
// Isomorphic and pure (the maximum lifetime is passed in), so the rules are unit-tested here and
// the server action is the only place that decides.
import { AppError } from "../../errors/app-error";
import { parseDollars } from "./parse-dollars";

export type OrganizationLimitsInput = {
  maxLinkAmount: number;
  defaultLinkTtlSeconds: number;
  dedupeRecipientsByEmail: boolean;
  minNameMatchScore: number | null;
};

export type LimitsFormFields = {
  max_link_amount: string;
  default_link_ttl_hours: string;
  dedupe_recipients_by_email: string;
  min_name_match_score: string;
};

/** Link lifetimes are set in whole hours: the API's finer `expires_in_seconds` stays per link. */
export function parseLimitsForm(fields: LimitsFormFields, maxTtlSeconds: number): OrganizationLimitsInput {
  const amount = parseDollars(fields.max_link_amount);
  if (!amount.ok) throw new AppError("amount_invalid", { param: "max_link_amount", message: amount.message });
  if (amount.cents === 0) throw new AppError("amount_invalid", { param: "max_link_amount", message: "The cap must be more than $0.00." });

  const maxHours = Math.floor(maxTtlSeconds / 3600);
  const hoursText = fields.default_link_ttl_hours.trim();
  if (!/^[0-9]{1,6}$/.test(hoursText) || Number(hoursText) < 1 || Number(hoursText) > maxHours) {
    throw new AppError("expires_in_invalid", {
      param: "default_link_ttl_hours",
      message: `Enter a whole number of hours from 1 to ${maxHours} (the server's maximum link lifetime).`,
    });
  }

  // A checkbox sends "on" when ticked and nothing when not.
  const dedupe = fields.dedupe_recipients_by_email;
  if (dedupe !== "" && dedupe !== "on") throw new AppError("parameter_invalid", { param: "dedupe_recipients_by_email", message: "Tick the box or leave it empty." });

  const scoreText = fields.min_name_match_score.trim();
  let minNameMatchScore: number | null = null;
  if (scoreText !== "" && scoreText.toLowerCase() !== "off") {
    if (!/^[0-9]{1,3}$/.test(scoreText) || Number(scoreText) > 100) {
      throw new AppError("parameter_invalid", { param: "min_name_match_score", message: "Enter a whole number from 0 to 100, or leave it empty for no minimum." });
    }
    minNameMatchScore = Number(scoreText);
  }

  return {
    maxLinkAmount: amount.cents,
    defaultLinkTtlSeconds: Number(hoursText) * 3600,
    dedupeRecipientsByEmail: dedupe === "on",
    minNameMatchScore,
  };
}
