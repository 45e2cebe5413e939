import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Active,
  type Announcements,
  type DragEndEvent,
  type KeyboardCoordinateGetter,
} from "@dnd-kit/core";
import { ActionIcon, Anchor, Badge, Button, Group, Menu, Paper, ScrollArea, Stack, Text, TextInput, Title } from "@mantine/core";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { unwrap } from "../../api/client";
import { after } from "../../api/paging";
import { STAGES, isClosing, useApi, type Opportunity, type Stage } from "../../api/hooks";
import { Dialog } from "../Dialog";
import { ErrorNotice } from "../ErrorNotice";
import { byStage, closeFrom, hop, useMoveStage, type Move } from "./opportunities";

/** The pipeline board: a column per stage with the API's totals; a deal is dragged (mouse, touch or keyboard
 * through its handle) or moved with its menu to another stage; closing asks for the reason the API requires. */
export function Kanban({ owner }: { owner: string | null }) {
  const { t } = useTranslation();
  const move = useMoveStage();
  const [closing, setClosing] = useState<Move | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnHop }),
  );
  function request(m: Move) {
    if (m.stage === m.opportunity.stage) return;
    if (isClosing(m.stage)) setClosing(m);
    else move.mutate(m);
  }
  const dealName = (active: Active) => (active.data.current?.opportunity as Opportunity | undefined)?.name ?? "";
  const announcements: Announcements = {
    onDragStart: ({ active }) => t("pipeline.picked", { name: dealName(active) }),
    onDragOver: ({ active, over }) => (over ? t("pipeline.over", { name: dealName(active), stage: t(`stage.${over.id}`) }) : undefined),
    onDragEnd: ({ active, over }) => (over ? t("pipeline.dropped", { name: dealName(active), stage: t(`stage.${over.id}`) }) : undefined),
    onDragCancel: ({ active }) => t("pipeline.cancelled", { name: dealName(active) }),
  };
  function dropped({ active, over }: DragEndEvent) {
    const opportunity = active.data.current?.opportunity as Opportunity | undefined;
    if (opportunity && over) request({ opportunity, stage: over.id as Stage });
  }
  return (
    <Stack>
      <ErrorNotice error={move.error} />
      {move.isSuccess && (
        <Text role="status">{t("pipeline.moved", { name: move.data.name, stage: t(`stage.${move.data.stage}`) })}</Text>
      )}
      <DndContext sensors={sensors} onDragEnd={dropped} accessibility={{ screenReaderInstructions: { draggable: t("pipeline.dragHelp") }, announcements }}>
        <ScrollArea type="auto" offsetScrollbars>
          <Group align="start" wrap="nowrap" gap="sm" pb="sm">
            {STAGES.map((stage) => (
              <Column key={stage} stage={stage} owner={owner} onMove={request} />
            ))}
          </Group>
        </ScrollArea>
      </DndContext>
      <CloseDeal move={closing} onCancel={() => setClosing(null)}
        onConfirm={(reason) => { if (closing) move.mutate({ ...closing, closeReason: reason }); setClosing(null); }} />
    </Stack>
  );
}

const columnHop: KeyboardCoordinateGetter = (event, { context }) => {
  const rect = context.collisionRect;
  if (!rect) return undefined;
  return hop([...context.droppableRects.values()], rect.left + rect.width / 2, event.code);
};

function useColumn(stage: Stage, owner: string | null) {
  const api = useApi();
  const mine = useQuery({
    queryKey: ["opportunities", "owner", owner],
    enabled: owner !== null,
    queryFn: async () =>
      unwrap(await api.GET("/opportunities", { params: { query: { owner: owner ?? "", limit: 100 } } })).items,
  });
  const everyone = useInfiniteQuery({
    queryKey: ["opportunities", "stage", stage],
    enabled: owner === null,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) => {
      const from = closeFrom(stage);
      const query = { stage, limit: 25, ...(from ? { close_from: from } : {}), ...after(pageParam) };
      return unwrap(await api.GET("/opportunities", { params: { query } }));
    },
    getNextPageParam: (last) => last.next ?? undefined,
  });
  if (owner !== null) return { items: byStage(mine.data ?? []).get(stage) ?? [], error: mine.error, more: null };
  return { items: everyone.data?.pages.flatMap((p) => p.items) ?? [], error: everyone.error, more: everyone };
}

function Column({ stage, owner, onMove }: { stage: Stage; owner: string | null; onMove: (m: Move) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { setNodeRef, isOver } = useDroppable({ id: stage });
  const column = useColumn(stage, owner);
  const totals = useQuery({
    queryKey: ["pipeline", owner],
    queryFn: async () => unwrap(await api.GET("/pipeline", { params: { query: owner ? { owner } : {} } })).stages,
  });
  const sums = (totals.data ?? []).filter((s) => s.stage === stage);
  return (
    <Paper ref={setNodeRef} withBorder p="xs" miw={250} w={250} bg={isOver ? "var(--mantine-primary-color-light)" : undefined}
      component="section" aria-label={t(`stage.${stage}`)}>
      <Title order={2} size="h5">
        {t(`stage.${stage}`)} <Badge variant="outline">{sums.reduce((n, s) => n + s.count, 0)}</Badge>
      </Title>
      {sums.map((s) => (
        <Text key={s.currency} size="sm">
          {t("pipeline.sum", { amount: s.amount, weighted: s.weighted, currency: s.currency })}
        </Text>
      ))}
      <Stack gap="xs" mt="xs" mih={80}>
        {column.items.map((o) => (
          <DealCard key={o.opportunity_id} opportunity={o} onMove={onMove} />
        ))}
        {column.more?.hasNextPage && (
          <Button variant="default" size="xs" loading={column.more.isFetchingNextPage}
            onClick={() => void column.more?.fetchNextPage()}>
            {t("customers.more")}
          </Button>
        )}
      </Stack>
      <ErrorNotice error={column.error} />
    </Paper>
  );
}

function DealCard({ opportunity: o, onMove }: { opportunity: Opportunity; onMove: (m: Move) => void }) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: o.opportunity_id,
    data: { opportunity: o },
  });
  const style = transform ? { transform: `translate(${transform.x}px, ${transform.y}px)`, zIndex: 10 } : undefined;
  return (
    <Paper ref={setNodeRef} withBorder shadow={isDragging ? "md" : undefined} p="xs" style={style}
      data-testid={`deal-${o.opportunity_id}`}>
      <Group justify="space-between" wrap="nowrap" align="start">
        <Anchor component={Link} to={`/customers/${o.customer_id}`} size="sm" fw={600}>
          {o.name}
        </Anchor>
        <ActionIcon variant="subtle" aria-label={t("pipeline.drag", { name: o.name })} {...listeners} {...attributes}
          style={{ cursor: "grab", touchAction: "none" }}>
          ⠿
        </ActionIcon>
      </Group>
      <Text size="sm">
        {o.amount} {o.currency} · {t("pipeline.probability", { p: o.probability })}
      </Text>
      <Text size="xs">{t("pipeline.closes", { date: o.expected_close })}</Text>
      {o.status === "open" && (
        <Menu>
          <Menu.Target>
            <Button variant="subtle" size="compact-xs" mt={4}>
              {t("pipeline.moveTo")}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {STAGES.filter((s) => s !== o.stage).map((s) => (
              <Menu.Item key={s} onClick={() => onMove({ opportunity: o, stage: s })}>
                {t(`stage.${s}`)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
    </Paper>
  );
}

function CloseDeal({ move, onCancel, onConfirm }: { move: Move | null; onCancel: () => void; onConfirm: (reason: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  function submit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim()) onConfirm(reason.trim());
    setReason("");
  }
  return (
    <Dialog opened={move !== null} onClose={onCancel}
      title={move ? t("pipeline.closeTitle", { name: move.opportunity.name, stage: t(`stage.${move.stage}`) }) : ""}>
      <form onSubmit={submit}>
        <TextInput label={t("pipeline.closeReason")} value={reason} onChange={(e) => setReason(e.currentTarget.value)}
          required data-autofocus />
        <Group mt="md">
          <Button type="submit">{t("pipeline.closeConfirm")}</Button>
          <Button variant="default" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
        </Group>
      </form>
    </Dialog>
  );
}
