// A confirmation dialog for destructive actions. One that cannot be undone
// says so, and may ask the user to type a word first (Cloudscape's pattern
// for deletes): the confirm button waits for it.

import Alert from "@cloudscape-design/components/alert";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useEffect, useState, type ReactNode } from "react";
import { ModalFooter } from "./Actions";

export function ConfirmModal({
  visible,
  title,
  children,
  confirmText,
  loading,
  onConfirm,
  onDismiss,
  irreversible,
  typeToConfirm,
}: {
  visible: boolean;
  title: string;
  children: ReactNode;
  confirmText: string;
  loading?: boolean;
  onConfirm: () => void;
  onDismiss: () => void;
  /** Says "This cannot be undone." under the question. */
  irreversible?: boolean;
  /** The word the user types before confirming ("delete"). */
  typeToConfirm?: string;
}) {
  const [typed, setTyped] = useState("");
  // Each opening starts empty: a word typed for one delete does not confirm the next.
  useEffect(() => {
    if (visible) setTyped("");
  }, [visible]);
  const ready = !typeToConfirm || typed.trim().toLowerCase() === typeToConfirm.toLowerCase();
  const confirm = () => ready && onConfirm();
  return (
    <Modal
      visible={visible}
      header={title}
      onDismiss={onDismiss}
      closeAriaLabel="Close"
      footer={<ModalFooter submitText={confirmText} loading={loading} disabled={!ready} onSubmit={confirm} onCancel={onDismiss} />}
    >
      <SpaceBetween size="m">
        <div>{children}</div>
        {irreversible && (
          <Alert type="warning" statusIconAriaLabel="Warning">
            This cannot be undone.
          </Alert>
        )}
        {typeToConfirm && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              confirm();
            }}
          >
            <FormField label={`To confirm, type "${typeToConfirm}".`}>
              <Input value={typed} onChange={(e) => setTyped(e.detail.value)} placeholder={typeToConfirm} autoComplete={false} spellcheck={false} />
            </FormField>
          </form>
        )}
      </SpaceBetween>
    </Modal>
  );
}
