// Everything on the board that is about talking together, over the canvas: board ink and the ink
// others are drawing, sticky notes, laser trails and everyone's pointer; the tool rail; who is here
// (follow, bring everyone, present); and the notices those raise. The board page renders it once
// inside the board area.
import { type RefObject, useCallback, useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import type { TeamRole } from '../../../shared/presence.js';
import { boardComments } from '../../../shared/schema/comments.js';
import { boardInk } from '../../../shared/schema/ink.js';
import { boardNotes } from '../../../shared/schema/notes.js';
import { CursorsOverlay } from '../board/CursorsOverlay.js';
import { type DraftStroke, InkLayer } from '../board/InkLayer.js';
import { LaserLayer, type LaserTrail } from '../board/LaserLayer.js';
import { NotesLayer } from '../board/NotesLayer.js';
import { useBoard, useBoardSorting, useBoardView } from '../board/session.js';
import { useInk, useNotes } from '../hooks/useAnnotations.js';
import { useBoardTools } from '../hooks/useBoardTools.js';
import { useFollow, useSpotlight } from '../hooks/useFollow.js';
import { useParticipantsExceptPointers } from '../hooks/useParticipants.js';
import { useT } from '../i18n/index.js';
import { saveName } from '../sync/identity.js';
import { AnnotationTools } from './AnnotationTools.js';
import { PeoplePanel } from './PeoplePanel.js';
import '../annotations.css';

export interface BoardAnnotationsProps {
  area: RefObject<HTMLElement | null>;
  presenting: boolean;
  onPresent(presenting: boolean): void;
  /** Their spotlight ended: close the card if it is still the one shown. */
  onEndSpotlight(cardId: string): void;
}

export function BoardAnnotations({ area, presenting, onPresent, onEndSpotlight }: BoardAnnotationsProps) {
  const { doc, history, presence, awareness, canEdit, me, setMe, tool, setTool, showCard } = useBoard();
  const { layout, sharedCards: cards } = useBoardSorting();
  const view = useBoardView();
  const { width, height } = view;
  const onTeam = (team: TeamRole | null) => me && setMe(saveName(me.name, team));
  const t = useT();
  const [draft, setDraft] = useState<DraftStroke | null>(null);
  const [myLaser, setMyLaser] = useState<number[] | null>(null);
  const [newNote, setNewNote] = useState<string | null>(null);
  const [showPeople, setShowPeople] = useState(false);
  const ink = useInk(doc);
  const notes = useNotes(doc);
  const participants = useParticipantsExceptPointers(awareness);
  const color = me?.color ?? '#34495e';

  // My annotations are undone with Ctrl-Z like the rest of my changes.
  useEffect(() => {
    for (const type of [boardInk(doc), boardNotes(doc), boardComments(doc)]) history.addToScope(type as Y.AbstractType<unknown>);
  }, [doc, history]);

  const onNoteAdded = useCallback(
    (noteId: string) => {
      setNewNote(noteId);
      setTool('select');
    },
    [setTool],
  );
  useBoardTools({
    area,
    tool,
    doc,
    history,
    presence,
    viewport: view.viewport,
    layout,
    cards,
    ink,
    color,
    author: me?.name ?? '',
    canEdit,
    onDraft: setDraft,
    onLaser: setMyLaser,
    onNoteAdded,
  });
  useEffect(() => {
    if (tool !== 'laser') {
      setMyLaser(null);
      presence.laser(null);
    }
    const element = area.current?.querySelector<HTMLElement>('.board-canvas');
    if (element) element.dataset.tool = tool;
  }, [tool, presence, area]);

  const follow = useFollow({ area, view, width, height, participants, presence });
  const spotlight = useSpotlight(participants, showCard, onEndSpotlight);

  const drafts = useMemo(() => {
    const list: DraftStroke[] = [];
    for (const participant of participants) {
      const inking = participant.inking;
      if (!inking) continue;
      const points: number[] = [];
      for (let i = 0; i + 1 < inking.points.length; i += 2) points.push(inking.points[i] as number, inking.points[i + 1] as number, 0.5);
      list.push({ key: `remote-${participant.clientId}`, tool: inking.tool, color: inking.color, width: inking.width, points });
    }
    if (draft) list.push(draft);
    return list;
  }, [participants, draft]);

  const trails = useMemo(() => {
    const list: LaserTrail[] = [];
    for (const participant of participants) {
      if (participant.laser) list.push({ key: String(participant.clientId), color: participant.color, points: participant.laser });
    }
    if (myLaser) list.push({ key: 'mine', color, points: myLaser });
    return list;
  }, [participants, myLaser, color]);

  return (
    <>
      <InkLayer strokes={ink.board} drafts={drafts} viewport={view.viewport} />
      <NotesLayer notes={notes} pileRects={layout.pileRects} viewport={view.viewport} focusId={newNote} />
      <LaserLayer trails={trails} viewport={view.viewport} width={width} height={height} />
      <CursorsOverlay awareness={awareness} viewport={view.viewport} />
      {!presenting && <AnnotationTools tool={tool} color={color} canEdit={canEdit} onTool={setTool} />}
      {!presenting && (
        <button
          type="button"
          className="people-button"
          onClick={() => setShowPeople((shown) => !shown)}
          aria-expanded={showPeople}
          data-testid="people-button"
        >
          <span className="people-button-dots" aria-hidden="true">
            {participants.slice(0, 4).map((participant) => (
              <span key={participant.clientId} style={{ backgroundColor: participant.color }} />
            ))}
          </span>
          {t('people.title')} · {participants.length + 1}
        </button>
      )}
      {showPeople && me && !presenting && (
        <PeoplePanel
          awareness={awareness}
          me={me}
          followingId={follow.following?.clientId ?? null}
          presenting={presenting}
          onFollow={follow.follow}
          onBringEveryone={() => presence.summon()}
          onPresent={(next) => {
            setShowPeople(false);
            onPresent(next);
          }}
          onTeam={onTeam}
          onClose={() => setShowPeople(false)}
        />
      )}
      {follow.following && (
        <div className="follow-banner" style={{ borderColor: follow.following.color }} data-testid="follow-banner">
          <span>{t('people.following', { name: follow.following.name })}</span>
          <button type="button" className="link-button" onClick={() => follow.follow(null)}>
            {t('people.unfollow')}
          </button>
        </div>
      )}
      {spotlight && (
        <p className="spotlight-banner" role="status" data-testid="spotlight-banner">
          {t('spotlight.by', { name: spotlight.name })}
        </p>
      )}
      {follow.notice && (
        <p className="board-notice" role="status">
          {follow.notice.kind === 'brought'
            ? t('people.broughtBy', { name: follow.notice.name })
            : t('people.followGone', { name: follow.notice.name })}
        </p>
      )}
      {presenting && (
        <PresentingControls
          participants={participants}
          followingId={follow.following?.clientId ?? null}
          onFollow={follow.follow}
          onExit={() => onPresent(false)}
        />
      )}
    </>
  );
}

/** On the shared screen: one quiet corner to follow the facilitator and to leave presenting. */
function PresentingControls({
  participants,
  followingId,
  onFollow,
  onExit,
}: {
  participants: ReturnType<typeof useParticipantsExceptPointers>;
  followingId: number | null;
  onFollow(clientId: number | null): void;
  onExit(): void;
}) {
  const t = useT();
  return (
    <div className="presenting-controls">
      <select
        className="input"
        aria-label={t('people.follow')}
        value={followingId ?? ''}
        onChange={(event) => onFollow(event.target.value ? Number(event.target.value) : null)}
      >
        <option value="">{t('people.unfollow')}</option>
        {participants.map((participant) => (
          <option key={participant.clientId} value={participant.clientId}>
            {t('people.following', { name: participant.name })}
          </option>
        ))}
      </select>
      <button type="button" className="button button-secondary" onClick={onExit}>
        {t('present.exit')}
      </button>
    </div>
  );
}
