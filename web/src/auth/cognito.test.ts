import { describe, expect, it } from "vitest";

import { claims, setNewPassword, signIn } from "./cognito";

function answer(status: number, body: unknown): typeof fetch {
  return (async () => new Response(JSON.stringify(body), { status })) as typeof fetch;
}

const token = (payload: object) => `h.${btoa(JSON.stringify(payload)).replace(/=+$/, "")}.s`;

describe("signIn", () => {
  it("returns the tokens with their expiry", async () => {
    const fetcher = answer(200, { AuthenticationResult: { IdToken: "id", RefreshToken: "r", ExpiresIn: 3600 } });
    const t = await signIn("https://cognito.example/", "client", "a@b.c", "pw", fetcher);
    expect(t.idToken).toBe("id");
    expect(t.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
  });

  it.each([
    [{ __type: "NotAuthorizedException", message: "Incorrect username or password." }, 400, "wrong_password"],
    [{ __type: "UserNotFoundException" }, 400, "unknown_user"],
    [{ ChallengeName: "NEW_PASSWORD_REQUIRED", Session: "s" }, 200, "new_password_required"],
    [{}, 500, "unavailable"],
  ])("explains %j as %s", async (body, status, reason) => {
    await expect(signIn("https://c/", "c", "u", "p", answer(status, body))).rejects.toMatchObject({ reason });
  });
});

describe("setNewPassword", () => {
  it("answers the challenge with the user's own password and signs them in", async () => {
    let sent: { target: string | null; body: Record<string, unknown> } | null = null;
    const fetcher = (async (_url: string, init: RequestInit) => {
      sent = { target: new Headers(init.headers).get("X-Amz-Target"), body: JSON.parse(String(init.body)) as Record<string, unknown> };
      return new Response(JSON.stringify({ AuthenticationResult: { IdToken: "id", RefreshToken: "r", ExpiresIn: 60 } }), { status: 200 });
    }) as typeof fetch;
    const t = await setNewPassword("https://c/", "client", "new@crm.example", "sess", "Mine-2026-ok", fetcher);
    expect(t.idToken).toBe("id");
    expect(sent).toEqual({
      target: "AWSCognitoIdentityProviderService.RespondToAuthChallenge",
      body: { ChallengeName: "NEW_PASSWORD_REQUIRED", ClientId: "client", Session: "sess", ChallengeResponses: { USERNAME: "new@crm.example", NEW_PASSWORD: "Mine-2026-ok" } },
    });
  });

  it("explains a password the pool refuses", async () => {
    const weak = answer(400, { __type: "InvalidPasswordException", message: "Password must have uppercase characters" });
    await expect(setNewPassword("https://c/", "c", "u", "s", "short", weak)).rejects.toMatchObject({ reason: "weak_password", detail: "Password must have uppercase characters" });
  });

  it("hands the challenge's session on when a new password is required", async () => {
    await expect(signIn("https://c/", "c", "u", "p", answer(200, { ChallengeName: "NEW_PASSWORD_REQUIRED", Session: "s1" }))).rejects.toMatchObject({ session: "s1" });
  });
});

describe("claims", () => {
  it("reads email, groups, the app client and the partner id for the UI", () => {
    const c = claims(token({ email: "p@crm.local", "cognito:groups": ["partner"], "custom:partner_id": "P-1", aud: "staff-client" }));
    expect(c).toEqual({ email: "p@crm.local", groups: ["partner"], audience: "staff-client", partnerId: "P-1" });
  });
});
