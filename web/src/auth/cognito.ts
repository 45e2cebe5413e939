/** Sign-in against the Cognito user pool with USER_PASSWORD_AUTH: the same requests to moto's Cognito locally
 * and to AWS, only the endpoint differs. Tokens stay in session storage, never in a URL. */

export interface Tokens {
  idToken: string;
  refreshToken: string;
  /** epoch milliseconds */
  expiresAt: number;
}

export interface Claims {
  email: string;
  /** the app client the token was issued to (the staff console's or the customer portal's) */
  audience: string;
  groups: string[];
  partnerId?: string;
}

export type SignInError = "wrong_password" | "new_password_required" | "unknown_user" | "unavailable";

export class SignInFailed extends Error {
  /** For new_password_required: Cognito's session that lets the user set their own password. */
  constructor(
    readonly reason: SignInError | "weak_password",
    readonly session?: string,
    readonly detail?: string,
  ) {
    super(reason);
  }
}

interface CognitoAnswer {
  AuthenticationResult?: { IdToken: string; RefreshToken?: string; ExpiresIn: number };
  ChallengeName?: string;
  Session?: string;
  __type?: string;
  message?: string;
}

async function call(endpoint: string, action: string, body: object, fetcher: typeof fetch): Promise<CognitoAnswer> {
  let response: Response;
  try {
    response = await fetcher(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": `AWSCognitoIdentityProviderService.${action}` },
      body: JSON.stringify(body),
    });
  } catch {
    throw new SignInFailed("unavailable");
  }
  const answer = (await response.json().catch(() => ({}))) as CognitoAnswer;
  if (!response.ok) {
    const type = answer.__type ?? "";
    if (type.includes("UserNotFound")) throw new SignInFailed("unknown_user");
    if (type.includes("NotAuthorized")) throw new SignInFailed("wrong_password");
    if (type.includes("InvalidPassword")) throw new SignInFailed("weak_password", undefined, answer.message);
    throw new SignInFailed("unavailable");
  }
  return answer;
}

function initiateAuth(
  endpoint: string,
  clientId: string,
  flow: string,
  parameters: Record<string, string>,
  fetcher: typeof fetch = fetch,
): Promise<CognitoAnswer> {
  return call(endpoint, "InitiateAuth", { AuthFlow: flow, ClientId: clientId, AuthParameters: parameters }, fetcher);
}

function tokensOf(answer: CognitoAnswer): Tokens {
  const result = answer.AuthenticationResult;
  if (!result?.RefreshToken) throw new SignInFailed("unavailable");
  return { idToken: result.IdToken, refreshToken: result.RefreshToken, expiresAt: Date.now() + result.ExpiresIn * 1000 };
}

/** A user signing in with the one-time password an admin gave them sets their own (Cognito's
 * NEW_PASSWORD_REQUIRED challenge), and is signed in with it. */
export async function setNewPassword(
  endpoint: string,
  clientId: string,
  username: string,
  session: string,
  password: string,
  fetcher: typeof fetch = fetch,
): Promise<Tokens> {
  const answer = await call(
    endpoint,
    "RespondToAuthChallenge",
    { ChallengeName: "NEW_PASSWORD_REQUIRED", ClientId: clientId, Session: session, ChallengeResponses: { USERNAME: username, NEW_PASSWORD: password } },
    fetcher,
  );
  return tokensOf(answer);
}

export async function signIn(
  endpoint: string,
  clientId: string,
  username: string,
  password: string,
  fetcher: typeof fetch = fetch,
): Promise<Tokens> {
  const answer = await initiateAuth(
    endpoint,
    clientId,
    "USER_PASSWORD_AUTH",
    { USERNAME: username, PASSWORD: password },
    fetcher,
  );
  if (answer.ChallengeName === "NEW_PASSWORD_REQUIRED") throw new SignInFailed("new_password_required", answer.Session);
  return tokensOf(answer);
}

export async function refresh(
  endpoint: string,
  clientId: string,
  tokens: Tokens,
  fetcher: typeof fetch = fetch,
): Promise<Tokens> {
  const answer = await initiateAuth(
    endpoint,
    clientId,
    "REFRESH_TOKEN_AUTH",
    { REFRESH_TOKEN: tokens.refreshToken },
    fetcher,
  );
  const result = answer.AuthenticationResult;
  if (!result) throw new SignInFailed("unavailable");
  return { ...tokens, idToken: result.IdToken, expiresAt: Date.now() + result.ExpiresIn * 1000 };
}

/** The token's claims for the UI only (what to show); the API verifies the token itself. */
export function claims(idToken: string): Claims {
  const part = idToken.split(".")[1] ?? "";
  const json = JSON.parse(atob(part.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
  const groups = Array.isArray(json["cognito:groups"]) ? (json["cognito:groups"] as string[]) : [];
  const partnerId = typeof json["custom:partner_id"] === "string" ? json["custom:partner_id"] : undefined;
  const audience = String(json["aud"] ?? "");
  return { email: String(json["email"] ?? ""), groups, audience, ...(partnerId ? { partnerId } : {}) };
}
