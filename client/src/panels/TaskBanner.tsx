// The task the students were given, large enough to read from the back of the room.
import { useState } from 'react';

export function TaskBanner({ task }: { task: string }) {
  const [open, setOpen] = useState(true);
  if (!task.trim()) return null;
  return (
    <section className={`task-banner${open ? '' : ' task-banner-closed'}`} aria-label="Task">
      <span className="task-label">Task</span>
      {open && (
        <p className="task-text" data-testid="task-text">
          {task}
        </p>
      )}
      <button type="button" className="link-button task-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Hide task' : 'Show task'}
      </button>
    </section>
  );
}
