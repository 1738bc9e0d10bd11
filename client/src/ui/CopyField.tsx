// A link with a copy button, as shown after creating a board and in the share dialog.
import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../i18n/index.js';

export function CopyField({ label, hint, value, testId }: { label: string; hint: string; value: string; testId?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // Clipboard access can be refused (an http:// page, a policy): select it for Ctrl+C instead.
      field.current?.focus();
      field.current?.select();
    }
  };

  const id = useId();
  return (
    <div className="copy-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <p className="field-hint">{hint}</p>
      <div className="copy-row">
        <input
          id={id}
          ref={field}
          className="input input-mono"
          readOnly
          value={value}
          data-testid={testId}
          onFocus={(event) => event.target.select()}
        />
        <button
          type="button"
          className="button button-secondary copy-button"
          onClick={copy}
          aria-label={t('copy.label', { label: label.toLowerCase() })}
        >
          {copied ? t('copy.copied') : t('copy.copy')}
        </button>
      </div>
    </div>
  );
}
