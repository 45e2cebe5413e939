import { Button, Group } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import type { CustomerOut } from "../../api/hooks";
import { useSession } from "../../auth/session";
import { mayMergeOrImport, mayOpenCases, mayPlaceOrders, mayRunWorkflows, maySendMessages, sectionsOf } from "../../permissions";
import { NewOpportunity } from "../sales/NewOpportunity";
import { TaskForm } from "../tasks/TaskForm";
import { RunWorkflow } from "../workflows/RunWorkflow";
import { MergeCustomer } from "./MergeCustomer";
import { OpenCase } from "./OpenCase";
import { SendMessage } from "./SendMessage";

type Dialog = "case" | "message" | "task" | "opportunity" | "merge" | null;

/** What a user may start from the 360, by role: order, quote, deal, case, message, task, merge. */
export function Actions({ customer }: { customer: CustomerOut }) {
  const { t } = useTranslation();
  const session = useSession();
  const groups = session.user?.groups ?? [];
  const sections = sectionsOf(groups);
  const [dialog, setDialog] = useState<Dialog>(null);
  const id = customer.customer_id;
  const close = () => setDialog(null);
  return (
    <Group gap="xs" role="group" aria-label={t("c360.actions")}>
      {mayPlaceOrders(groups) && (
        <Button component={Link} to={`/orders/new?customer_id=${id}`} variant="default" size="xs">
          {t("order.forCustomer")}
        </Button>
      )}
      {mayPlaceOrders(groups) && (
        <Button component={Link} to={`/quotes/new?customer_id=${id}`} variant="default" size="xs">
          {t("quotes.forCustomer")}
        </Button>
      )}
      {sections.has("quote") && (
        <Button component={Link} to={`/quote?customer_id=${id}`} variant="default" size="xs">
          {t("quote.forCustomer")}
        </Button>
      )}
      {sections.has("sales") && (
        <Button variant="default" size="xs" onClick={() => setDialog("opportunity")}>
          {t("pipeline.new")}
        </Button>
      )}
      {mayOpenCases(groups) && (
        <Button variant="default" size="xs" onClick={() => setDialog("case")}>
          {t("caseForm.title")}
        </Button>
      )}
      {maySendMessages(groups) && (
        <Button variant="default" size="xs" onClick={() => setDialog("message")}>
          {t("message.open")}
        </Button>
      )}
      {sections.has("calendar") && (
        <Button variant="default" size="xs" onClick={() => setDialog("task")}>
          {t("tasks.new")}
        </Button>
      )}
      {mayMergeOrImport(groups) && (
        <Button variant="default" size="xs" onClick={() => setDialog("merge")}>
          {t("merge.open")}
        </Button>
      )}
      {mayRunWorkflows(groups) && <RunWorkflow customerId={id} />}
      {dialog === "opportunity" && <NewOpportunity customerId={id} opened onClose={close} />}
      {dialog === "case" && <OpenCase customerId={id} opened onClose={close} />}
      {dialog === "message" && <SendMessage customer={customer} opened onClose={close} />}
      {dialog === "task" && <TaskForm customerId={id} opened onClose={close} />}
      {dialog === "merge" && <MergeCustomer target={customer} opened onClose={close} />}
    </Group>
  );
}
