import { describe, expect, it } from "vitest";

import { SignInFailed, claims, signIn } from "./cognito";

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
    await expect(signIn("https://c/", "c", "u", "p", answer(status, body))).rejects.toEqual(new SignInFailed(reason as never));
  });
});

describe("claims", () => {
  it("reads email, groups and the partner id for the UI", () => {
    const c = claims(token({ email: "p@crm.local", "cognito:groups": ["partner"], "custom:partner_id": "P-1" }));
    expect(c).toEqual({ email: "p@crm.local", groups: ["partner"], partnerId: "P-1" });
  });
});
