// Asks for a display name on a first visit: it labels my pointer and what I drag for everyone.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { MAX_NAME_LENGTH } from '../sync/identity.js';

export function NamePrompt({ onSubmit }: { onSubmit(name: string): void }) {
  const [name, setName] = useState('');
  const field = useRef<HTMLInputElement>(null);
  // The dialog's only field: focusing it is what anyone would do next.
  useEffect(() => field.current?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) onSubmit(name.trim());
  };
  return (
    <div className="modal-backdrop">
      <form className="modal" role="dialog" aria-modal="true" aria-labelledby="name-prompt-title" onSubmit={submit}>
        <h2 id="name-prompt-title">What should the team call you?</h2>
        <p className="modal-text">Your name appears next to your pointer so everyone can follow along. It is saved on this device only.</p>
        <label className="field">
          <span className="field-label">Your name</span>
          <input
            className="input"
            name="name"
            ref={field}
            autoComplete="name"
            maxLength={MAX_NAME_LENGTH}
            placeholder="e.g. Ms. Rivera"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <div className="modal-actions">
          <button type="submit" className="button button-primary" disabled={!name.trim()}>
            Join the board
          </button>
        </div>
      </form>
    </div>
  );
}
