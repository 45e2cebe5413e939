import { Modal, type ModalProps } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** Mantine's Modal with its close button named (in the user's language), which the bare Modal leaves unnamed. */
export function Dialog(props: ModalProps) {
  const { t } = useTranslation();
  return <Modal {...props} closeButtonProps={{ "aria-label": t("common.close"), ...props.closeButtonProps }} />;
}
