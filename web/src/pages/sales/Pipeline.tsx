import { Group, SegmentedControl, Stack, Switch, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useSession } from "../../auth/session";
import { Kanban } from "./Kanban";
import { OpportunityList } from "./OpportunityList";

/** The pipeline as a board (drag a deal to its next stage) or as a list; everyone's deals or only mine. */
export function Pipeline() {
  const { t } = useTranslation();
  const session = useSession();
  const [view, setView] = useState("board");
  const [mine, setMine] = useState(false);
  const owner = mine ? (session.user?.email ?? null) : null;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("pipeline.title")}
        </Title>
        <Group>
          <SegmentedControl value={view} onChange={setView} aria-label={t("pipeline.view")}
            data={[{ value: "board", label: t("pipeline.board") }, { value: "list", label: t("pipeline.list") }]} />
          <Switch label={t("pipeline.mine")} checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />
        </Group>
      </Group>
      {view === "board" ? <Kanban owner={owner} /> : <OpportunityList owner={owner} />}
    </Stack>
  );
}
