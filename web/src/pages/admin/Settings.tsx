import { Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { PrmRouting } from "./PrmRouting";
import { SlaTargets } from "./SlaTargets";
import { SrmSettings } from "./SrmSettings";

/** The settings admins and managers keep: SLA targets, exchange rates and country risk, the partner programme,
 * the contact centre's routing. */
export function Settings() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("settings.title")}
      </Title>
      <SlaTargets />
      <SrmSettings />
      <PrmRouting />
    </Stack>
  );
}
