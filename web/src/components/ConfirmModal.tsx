// A confirmation dialog for destructive actions.

import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { ReactNode } from "react";

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
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onDismiss}>
              Cancel
            </Button>
            <Button variant="primary" loading={loading} onClick={onConfirm}>
              {confirmText}
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      {children}
    </Modal>
  );
}
