import createClient, { type Middleware } from "openapi-fetch";

import type { paths } from "./schema";

/** The API's error body: every 4xx and 5xx is this JSON (docs/openapi.json). */
export interface ApiError {
  error: string;
  message: string;
  fields: Record<string, string>;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

export type Api = ReturnType<typeof createClient<paths>>;

/** The typed client for one signed-in user: every request carries their ID token. */
export function apiClient(baseUrl: string, token: () => string | null): Api {
  const client = createClient<paths>({ baseUrl });
  const auth: Middleware = {
    onRequest({ request }) {
      const t = token();
      if (t) request.headers.set("Authorization", `Bearer ${t}`);
      return request;
    },
  };
  client.use(auth);
  return client;
}

/** The data of an answer, or an ApiFailure carrying the API's status and error body. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined && result.response.ok) return result.data;
  throw new ApiFailure(result.response.status, (result.error ?? { error: "unknown", message: "", fields: {} }) as ApiError);
}

/** The API's reason for one form field ("lines.0.sku" belongs to "lines"), to show next to that field. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiFailure)) return undefined;
  const hit = Object.entries(error.body.fields ?? {}).find(([k]) => k === field || k.startsWith(`${field}.`));
  return hit?.[1];
}

/** A request body of only the fields being set: the generated types list defaulted fields as required
 * (openapi-typescript), while the API reads an absent field as "unchanged" or "default". */
export function partial<T>(body: Partial<T>): T {
  return body as T;
}

/** If-Match for a record's version, as the API expects it. */
export const ifMatch = (version: number) => ({ "If-Match": `"${version}"` });
