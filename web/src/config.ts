/** What the console needs to know about its deployment, read from /config.json (written at deploy, or by the
 * local stack) so one build runs anywhere. */
export interface RuntimeConfig {
  apiUrl: string;
  region: string;
  userPoolId: string;
  clientId: string;
  /** The customer portal's own app client: customers sign in through it (its tokens carry the customer group). */
  portalClientId: string;
  /** Cognito's endpoint: https://cognito-idp.<region>.amazonaws.com/ in AWS, the emulator locally. */
  cognitoEndpoint: string;
}

export async function loadConfig(): Promise<RuntimeConfig> {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  return (await response.json()) as RuntimeConfig;
}
