import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type DragEvent } from "react";
import { formatDateTime } from "~/utils/dates";
import { t } from "~/utils/i18n";

export type EvidenceRow = {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: string | Date;
  uploadedByName: string;
  frozenAt: string | Date | null;
};

const PREVIEWABLE = /^(image\/(jpeg|png|gif|webp)|application\/pdf)$/;
const ACCEPT = "image/*,application/pdf,.pdf,.doc,.docx,.xls,.xlsx,.heic,.heif";

function formatSize(bytes: number) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The files of one item, with upload (drag-and-drop or a plain file input) and deletion. */
export function EvidencePanel({
  files,
  uploadAction,
  canUpload,
  maxFileMb,
  isRequired,
}: {
  files: EvidenceRow[];
  uploadAction: string;
  canUpload: boolean;
  maxFileMb: number;
  isRequired: boolean;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [isDragging, setIsDragging] = useState(false);
  const uploadFormRef = useRef<HTMLFormElement>(null);
  const navigation = useNavigation();
  const isUploading =
    navigation.state !== "idle" && navigation.formAction === uploadAction && navigation.formEncType === "multipart/form-data";
  // Once an upload has been answered the chosen files are cleared, so a second press cannot send them again.
  const wasUploading = useRef(false);
  useEffect(() => {
    if (wasUploading.current && !isUploading) {
      uploadFormRef.current?.reset();
      setChosen([]);
    }
    wasUploading.current = isUploading;
  }, [isUploading]);

  function onDrop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setIsDragging(false);
    if (!inputRef.current || event.dataTransfer.files.length === 0) return;
    inputRef.current.files = event.dataTransfer.files;
    setChosen(Array.from(event.dataTransfer.files, (f) => f.name));
  }

  return (
    <section className="card" id="evidence">
      <h2>{t("institution.evidence")}</h2>
      {isRequired ? <p className="muted">{t("institution.evidenceCountNeeded")}</p> : null}
      {files.length === 0 ? (
        <p className="muted">{t("institution.evidenceNone")}</p>
      ) : (
        <ul className="file-list">
          {files.map((f) => (
            <li key={f.id} className="file-row">
              <div className="file-row__main">
                <a href={`/evidence/${f.id}`} className="file-row__name">
                  {f.fileName}
                </a>
                <small>
                  {formatSize(f.sizeBytes)} · {f.uploadedByName} · {formatDateTime(f.uploadedAt)}
                </small>
              </div>
              <div className="file-row__actions">
                {PREVIEWABLE.test(f.contentType) ? (
                  <a
                    className="button button--secondary button--small"
                    href={`/evidence/${f.id}?inline=1`}
                    target="_blank"
                    rel="noreferrer"
                  >
                    {t("institution.evidencePreview")}
                  </a>
                ) : null}
                {f.frozenAt ? (
                  <small className="muted">{t("institution.evidenceFrozen")}</small>
                ) : canUpload ? (
                  <Form
                    method="post"
                    action={uploadAction}
                    onSubmit={(event) => {
                      if (!window.confirm(t("institution.evidenceDeleteConfirm", { name: f.fileName }))) event.preventDefault();
                    }}
                  >
                    <input type="hidden" name="evidenceId" value={f.id} />
                    <button type="submit" className="button button--secondary button--small">
                      {t("institution.evidenceDelete")}
                    </button>
                  </Form>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {canUpload ? (
        <Form ref={uploadFormRef} method="post" action={uploadAction} encType="multipart/form-data" className="upload-form">
          <label
            className={`dropzone${isDragging ? " dropzone--active" : ""}`}
            onDragOver={(event) => {
              event.preventDefault();
              setIsDragging(true);
            }}
            onDragLeave={() => setIsDragging(false)}
            onDrop={onDrop}
          >
            <span>{t("institution.evidenceDrop")}</span>
            <input
              ref={inputRef}
              type="file"
              name="files"
              multiple
              accept={ACCEPT}
              aria-label={t("institution.evidenceChoose")}
              onChange={(event) => setChosen(Array.from(event.currentTarget.files ?? [], (f) => f.name))}
            />
            {chosen.length > 0 ? <small>{chosen.join("、")}</small> : null}
          </label>
          <small className="field__hint">{t("institution.evidenceHint", { mb: maxFileMb })}</small>
          <div className="actions">
            <button type="submit" className="button" disabled={isUploading}>
              {t("institution.evidenceUpload")}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
