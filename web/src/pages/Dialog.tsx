import { Modal, type MantineSize } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** Mantine's Modal as the console's dialogs need it: the close button named in the user's language, and the
 * header not a second page banner (a bare <header> in a dialog reads as one to assistive technology). */
export function Dialog({ opened, onClose, title, size, children }: {
  opened: boolean;
  onClose: () => void;
  title: ReactNode;
  size?: MantineSize;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal.Root opened={opened} onClose={onClose} size={size}>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="presentation">
          <Modal.Title>{title}</Modal.Title>
          <Modal.CloseButton aria-label={t("common.close")} />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
