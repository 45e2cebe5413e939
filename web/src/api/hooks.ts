import { createContext, useContext } from "react";

import type { Api } from "./client";
import type { components } from "./schema";

export type CustomerOut = components["schemas"]["CustomerOut"];
export type Customer360 = components["schemas"]["Customer360"];
export type TimelineEntry = components["schemas"]["TimelineEntryOut"];

export const ApiContext = createContext<Api | null>(null);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi outside ApiContext");
  return api;
}

/** Which of the API's lookups a search box entry is: an email, a phone number, a tax id, or a name prefix. */
export function searchKind(q: string): "email" | "phone" | "tax_id" | "name" {
  const text = q.trim();
  if (text.includes("@")) return "email";
  if (/^\+?[\d\s()/-]{6,}$/.test(text)) return "phone";
  if (/^[A-Za-z]{2}[A-Za-z0-9]{6,14}$/.test(text) && /\d{6,}/.test(text)) return "tax_id";
  return "name";
}

type Schemas = components["schemas"];
export type Opportunity = Schemas["OpportunityOut"];
export type Lead = Schemas["LeadOut"];
export type Task = Schemas["TaskOut"];
export type Quote = Schemas["QuoteOut"];
export type Stage = NonNullable<Schemas["OpportunityIn"]["stage"]>;

/** The pipeline's stages in order; the last two close the deal (a reason is required). */
export const STAGES: Stage[] = ["prospecting", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"];
export const isClosing = (stage: Stage) => stage === "closed_won" || stage === "closed_lost";
