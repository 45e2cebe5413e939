import { Alert, Button, Card, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { SignInFailed } from "../auth/cognito";
import { useSession } from "../auth/session";

/** Staff sign in through the console's app client; customers (`portal`) through the customer portal's. */
export function SignIn({ portal = false }: { portal?: boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [failure, setFailure] = useState<SignInFailed | null>(null);
  const [busy, setBusy] = useState(false);
  const [challenge, setChallenge] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState("");

  async function attempt(action: () => Promise<void>) {
    setBusy(true);
    setFailure(null);
    try {
      await action();
      navigate(portal ? "/me" : "/");
    } catch (error) {
      const failed = error instanceof SignInFailed ? error : new SignInFailed("unavailable");
      if (failed.reason === "new_password_required" && failed.session) setChallenge(failed.session);
      else setFailure(failed);
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void attempt(() =>
      challenge ? session.setNewPassword(email.trim(), challenge, newPassword) : session.signIn(email.trim(), password, portal),
    );
  }

  return (
    <Card maw={420} mx="auto" mt="xl" withBorder padding="lg" component="main">
      <form onSubmit={submit}>
        <Stack>
          <Title order={1} size="h2">
            {portal ? t("me.signInTitle") : t("signIn.title")}
          </Title>
          {failure && (
            <Alert color="red" role="alert">
              {t(`signIn.${failure.reason}`, { detail: failure.detail ?? "" })}
            </Alert>
          )}
          {challenge ? (
            <>
              <Text>{t("signIn.chooseNew")}</Text>
              <PasswordInput label={t("signIn.newPassword")} autoComplete="new-password" required minLength={12} value={newPassword}
                onChange={(e) => setNewPassword(e.currentTarget.value)} description={t("signIn.policy")} />
              <Button type="submit" loading={busy}>
                {t("signIn.setAndSignIn")}
              </Button>
            </>
          ) : (
            <>
              <TextInput label={t("signIn.email")} type="email" autoComplete="username" required value={email}
                onChange={(e) => setEmail(e.currentTarget.value)} />
              <PasswordInput label={t("signIn.password")} autoComplete="current-password" required value={password}
                onChange={(e) => setPassword(e.currentTarget.value)} />
              <Button type="submit" loading={busy}>
                {t("signIn.submit")}
              </Button>
            </>
          )}
        </Stack>
      </form>
    </Card>
  );
}
