import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { ApiFailure } from "../api/client";

/** The API's refusal in words: 403 says the role does not allow it, 404/410 what happened, 409 that someone
 * changed it first (with the API's message), else the message. */
export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  let text = t("errors.generic", { message: error instanceof Error ? error.message : String(error) });
  if (error instanceof ApiFailure && error.status === 403) text = t("errors.forbidden");
  if (error instanceof ApiFailure && error.status === 404) text = t("errors.notFound");
  if (error instanceof ApiFailure && error.status === 410) text = t("errors.gone");
  if (error instanceof ApiFailure && error.status === 409) text = t("errors.conflict", { message: error.message });
  return (
    <Alert color="red" role="alert">
      {text}
    </Alert>
  );
}
