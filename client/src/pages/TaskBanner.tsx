// The task the students were given, large enough to read from the back of the room.
import { useState } from 'react';
import { useT } from '../i18n/index.js';

export function TaskBanner({ task }: { task: string }) {
  const t = useT();
  const [open, setOpen] = useState(true);
  if (!task.trim()) return null;
  return (
    <section className={`task-banner${open ? '' : ' task-banner-closed'}`} aria-label={t('task.label')}>
      <span className="task-label">{t('task.label')}</span>
      {open && (
        <p className="task-text" data-testid="task-text">
          {task}
        </p>
      )}
      <button type="button" className="link-button task-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('task.hide') : t('task.show')}
      </button>
    </section>
  );
}
