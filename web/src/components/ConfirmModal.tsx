// A confirmation dialog for destructive actions.

import Modal from "@cloudscape-design/components/modal";
import type { ReactNode } from "react";
import { ModalFooter } from "./Actions";

export function ConfirmModal({
  visible,
  title,
  children,
  confirmText,
  loading,
  onConfirm,
  onDismiss,
}: {
  visible: boolean;
  title: string;
  children: ReactNode;
  confirmText: string;
  loading?: boolean;
  onConfirm: () => void;
  onDismiss: () => void;
}) {
  return (
    <Modal
      visible={visible}
      header={title}
      onDismiss={onDismiss}
      closeAriaLabel="Close"
      footer={<ModalFooter submitText={confirmText} loading={loading} onSubmit={onConfirm} onCancel={onDismiss} />}
    >
      {children}
    </Modal>
  );
}
