// A link with a copy button, as shown after creating a board and in the share dialog.
import { useEffect, useRef, useState } from 'react';

export function CopyField({ label, hint, value, testId }: { label: string; hint: string; value: string; testId?: string }) {
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

  const id = `copy-${label.replace(/\W+/g, '-').toLowerCase()}`;
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
        <button type="button" className="button button-secondary copy-button" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
          {copied ? 'Copied ✓' : 'Copy'}
        </button>
      </div>
    </div>
  );
}
