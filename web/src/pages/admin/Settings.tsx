import { Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { useSession } from "../../auth/session";
import { sectionsOf } from "../../permissions";
import { PrmRouting } from "./PrmRouting";
import { SettingsAudit } from "./SettingsAudit";
import { SlaTargets } from "./SlaTargets";
import { SrmSettings } from "./SrmSettings";

/** The settings admins and managers keep: SLA targets and calendars, exchange rates and country risk, the
 * partner programme, the contact centre's routing; and, for admins, who changed them. */
export function Settings() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("settings.title")}
      </Title>
      <SlaTargets />
      <SrmSettings />
      <PrmRouting />
      {sectionsOf(session.user?.groups ?? []).has("admin") && <SettingsAudit />}
    </Stack>
  );
}
