// A card's tags as chips, and a field that completes from the board's tag list ("number line",
// "base-ten drawing", "counting on"), so a team's words stay the same across the class set. A new
// word joins the board's list for everyone. Arrow keys pick a completion, Enter adds, Backspace on
// an empty field takes the last tag off.
import { useId, useMemo, useRef, useState } from 'react';
import { cleanTag, sameTag } from '#shared/schema/card.js';
import { suggestTags } from '#shared/schema/tags.js';
import { useT } from '../i18n/index.js';

export interface TagInputProps {
  tags: readonly string[];
  boardTags: readonly string[];
  readOnly?: boolean;
  onAdd(tag: string): void;
  onRemove(tag: string): void;
}

export function TagInput({ tags, boardTags, readOnly = false, onAdd, onRemove }: TagInputProps) {
  const t = useT();
  const listId = useId();
  const [typed, setTyped] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const field = useRef<HTMLInputElement>(null);
  const shown = useMemo(() => [...new Set(tags)], [tags]);

  const suggestions = useMemo(() => suggestTags(boardTags, typed, shown), [boardTags, typed, shown]);
  const clean = cleanTag(typed);
  const isNew = clean !== '' && !boardTags.some((tag) => sameTag(tag, clean)) && !shown.some((tag) => sameTag(tag, clean));
  const options = [...suggestions.map((tag) => ({ tag, isNew: false })), ...(isNew ? [{ tag: clean, isNew: true }] : [])];

  const add = (tag: string) => {
    if (!cleanTag(tag)) return;
    onAdd(tag);
    setTyped('');
    setActive(0);
    field.current?.focus();
  };

  return (
    <div className="tag-input" data-testid="tag-input">
      <ul className="tag-chips" aria-label={t('tags.cardTags')}>
        {shown.length === 0 && <li className="tag-none">{t('tags.none')}</li>}
        {shown.map((tag) => (
          <li key={tag} className="tag-chip">
            <span>{tag}</span>
            {!readOnly && (
              <button type="button" className="tag-remove" onClick={() => onRemove(tag)} aria-label={t('tags.remove', { tag })}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <div className="tag-combo">
          <input
            ref={field}
            className="input"
            role="combobox"
            aria-label={t('tags.add')}
            aria-expanded={open && options.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
            placeholder={t('tags.placeholder')}
            value={typed}
            maxLength={60}
            onChange={(event) => {
              setTyped(event.target.value);
              setActive(0);
              setOpen(true);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setTimeout(() => setOpen(false), 120)}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown') {
                setOpen(true);
                setActive((i) => Math.min(options.length - 1, i + 1));
              } else if (event.key === 'ArrowUp') {
                setActive((i) => Math.max(0, i - 1));
              } else if (event.key === 'Enter') {
                const choice = open ? options[active] : undefined;
                if (choice) add(choice.tag);
                else if (clean) add(clean);
              } else if (event.key === 'Backspace' && typed === '' && shown.length > 0) {
                onRemove(shown[shown.length - 1] as string);
              } else if (event.key === 'Escape' && open && options.length > 0) {
                setOpen(false);
              } else {
                return;
              }
              event.preventDefault();
              event.stopPropagation();
            }}
          />
          {open && options.length > 0 && (
            <div className="tag-options" role="listbox" id={listId} aria-label={t('tags.suggestions')}>
              {options.map((option, i) => (
                <div
                  key={`${option.isNew ? 'new' : 'tag'}-${option.tag}`}
                  id={`${listId}-${i}`}
                  role="option"
                  tabIndex={-1}
                  aria-selected={i === active}
                  className={i === active ? 'tag-option tag-option-active' : 'tag-option'}
                  onPointerDown={(event) => {
                    event.preventDefault();
                    add(option.tag);
                  }}
                  onPointerEnter={() => setActive(i)}
                >
                  {option.isNew ? t('tags.createNew', { tag: option.tag }) : option.tag}
                </div>
              ))}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
