import { Alert, Button, Card, PasswordInput, Stack, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { SignInFailed } from "../auth/cognito";
import { useSession } from "../auth/session";

export function SignIn() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      await session.signIn(email.trim(), password);
      navigate("/");
    } catch (error) {
      setFailure(error instanceof SignInFailed ? error.reason : "unavailable");
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card maw={420} mx="auto" mt="xl" withBorder padding="lg" component="main">
      <form onSubmit={submit}>
        <Stack>
          <Title order={1} size="h2">
            {t("signIn.title")}
          </Title>
          {failure && (
            <Alert color="red" role="alert">
              {t(`signIn.${failure}`)}
            </Alert>
          )}
          <TextInput label={t("signIn.email")} type="email" autoComplete="username" required value={email}
            onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput label={t("signIn.password")} autoComplete="current-password" required value={password}
            onChange={(e) => setPassword(e.currentTarget.value)} />
          <Button type="submit" loading={busy}>
            {t("signIn.submit")}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
