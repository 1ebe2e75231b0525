// Uploading a report template: a name and a .docx. The file goes to
// storage through a presigned PUT, then the API reads it and keeps it or
// says what is wrong with it (an unknown placeholder, a missing anchor,
// not a .docx, macros, outside links, too large); that reason shows under
// the file. Every failure shows in the dialog: a flash would sit behind it.

import Alert from "@cloudscape-design/components/alert";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import FileUpload from "@cloudscape-design/components/file-upload";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "../../api/errors";
import type { Template } from "../../api/types";
import { DOCX_TYPE, templateProblem, uploadTemplate } from "../../api/upload";
import { useApi } from "../../app/services";
import { ModalFooter } from "../../components/Actions";
import { ApiErrorContent, errorTitle } from "../../components/ApiErrorContent";
import { useFlash } from "../../components/flash";
import { TemplateHelp } from "./TemplateHelp";

/** The API fields whose reasons show under the file chooser. */
const FILE_FIELDS = ["uploadKey", "size"];

export interface UploadTemplateProps {
  visible: boolean;
  onDismiss: () => void;
  onCreated: (t: Template) => void;
  templates: readonly Template[] | undefined;
  onDownloadBuiltIn: () => void;
  downloadingBuiltIn: boolean;
}

export function UploadTemplateModal({ visible, onDismiss, onCreated, templates, onDownloadBuiltIn, downloadingBuiltIn }: UploadTemplateProps) {
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [touched, setTouched] = useState(false);

  const create = useMutation<Template, Error, { name: string; file: File }>({
    mutationFn: async ({ name, file }) => api.templates.create({ name, uploadKey: await uploadTemplate(api, file) }),
    onSuccess: (t) => {
      flash.success(`Template "${t.name}" uploaded. Make it the default, or choose it when you start a scan.`);
      void queryClient.invalidateQueries({ queryKey: ["templates"] });
      setName("");
      setFiles([]);
      setTouched(false);
      onCreated(t);
    },
  });

  const file = files[0];
  const local = {
    name: !name.trim() ? "Name the template." : name.trim().length > 100 ? "Use at most 100 characters." : undefined,
    file: !file ? "Choose the template's .docx file." : templateProblem(file),
  };
  const err = create.error;
  const field = err instanceof ApiError && err.code === "VALIDATION_ERROR" ? String(err.details.field ?? "") : "";
  const serverReason = err instanceof ApiError ? err.details.reason || err.message : undefined;
  const nameError = (touched ? local.name : undefined) ?? (field === "name" ? serverReason : undefined);
  const fileError = (touched ? local.file : undefined) ?? (FILE_FIELDS.includes(field) ? serverReason : undefined);
  const otherError = err && field !== "name" && !FILE_FIELDS.includes(field) ? err : undefined;

  const submit = () => {
    setTouched(true);
    if (local.name || local.file || !file) return;
    create.mutate({ name: name.trim(), file });
  };
  const dismiss = () => {
    create.reset();
    setTouched(false);
    onDismiss();
  };

  return (
    <Modal
      visible={visible}
      onDismiss={dismiss}
      size="large"
      header="Upload template"
      closeAriaLabel="Close"
      footer={<ModalFooter submitText="Upload template" loading={create.isPending} onSubmit={submit} onCancel={dismiss} />}
    >
      <ColumnLayout columns={2} variant="text-grid">
        <Form>
          <SpaceBetween size="m">
            {otherError && (
              <Alert type="error" header={errorTitle(otherError)}>
                <ApiErrorContent error={otherError} />
              </Alert>
            )}
            <FormField label="Template name" description="How the template is listed and offered when a scan starts." errorText={nameError}>
              <Input
                value={name}
                onChange={(e) => {
                  setName(e.detail.value);
                  if (field === "name") create.reset();
                }}
                placeholder="Example Consulting"
                ariaRequired
              />
            </FormField>
            <FormField label="Word document" description="The .docx made from the built-in template." errorText={fileError}>
              <FileUpload
                value={files}
                onChange={(e) => {
                  setFiles(e.detail.value);
                  create.reset();
                }}
                accept={`.docx,${DOCX_TYPE}`}
                showFileSize
                constraintText="A .docx of at most 10 MB."
                i18nStrings={{
                  uploadButtonText: () => "Choose file",
                  dropzoneText: () => "Drop a .docx to upload",
                  removeFileAriaLabel: (i) => `Remove file ${i + 1}`,
                  limitShowFewer: "Show fewer files",
                  limitShowMore: "Show more files",
                  errorIconAriaLabel: "Error",
                }}
              />
            </FormField>
          </SpaceBetween>
        </Form>
        <TemplateHelp templates={templates} onDownloadBuiltIn={onDownloadBuiltIn} downloading={downloadingBuiltIn} />
      </ColumnLayout>
    </Modal>
  );
}
