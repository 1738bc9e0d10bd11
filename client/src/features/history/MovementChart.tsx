// Who moved where between two boards of a class, as a flow chart (boxes for each board's piles,
// bands as wide as the students who took that way) and as the same figures in a table, for a
// screen reader and for anyone who wants the names. Plain SVG: it scales to the projector.
import { useId, useMemo, useState } from 'react';
import {
  type ClassMovement,
  type Flow,
  type FlowLayout,
  flowsBetween,
  layoutFlows,
  type Stop,
  stopKey,
  summarizeFlows,
} from '#shared/movement.js';
import { type Translate, useT } from '../../i18n/index.js';

const WIDTH = 1000;
/** Room beside each column for the piles' names, in the chart's own units. */
const GUTTER = 300;
const BOX = 18;
const PAD = 12;
const LABEL_CHARS = 22;
const UNSORTED_COLOR = '#8a93a3';
const ABSENT_COLOR = '#c5ccd8';

export interface MovementChartProps {
  movement: ClassMovement;
  /** A student whose way is drawn darker and named under the chart (their page). */
  highlight?: string;
}

/** Consecutive pairs of boards, latest first as the default: "who moved since last time". */
export function MovementChart({ movement, highlight }: MovementChartProps) {
  const t = useT();
  const pairs = movement.boards.slice(1).map((board, index) => ({ from: index, to: index + 1, board }));
  const [pair, setPair] = useState(Math.max(0, pairs.length - 1));
  const selectId = useId();
  const chosen = pairs[pair];
  if (!chosen) return <p className="movement-empty">{t('history.movementNeedsTwo')}</p>;
  return (
    <div className="movement">
      {pairs.length > 1 && (
        <div className="movement-pick">
          <label htmlFor={selectId}>{t('history.movementPair')}</label>
          <select id={selectId} value={pair} onChange={(event) => setPair(Number(event.target.value))}>
            {pairs.map((one, index) => (
              <option key={one.board.id} value={index}>
                {t('history.pairName', {
                  from: movement.boards[one.from]?.title ?? '',
                  to: one.board.title,
                })}
              </option>
            ))}
          </select>
        </div>
      )}
      <FlowPicture movement={movement} from={chosen.from} to={chosen.to} highlight={highlight} />
    </div>
  );
}

function FlowPicture({ movement, from, to, highlight }: { movement: ClassMovement; from: number; to: number; highlight?: string }) {
  const t = useT();
  const titleId = useId();
  const fromBoard = movement.boards[from];
  const toBoard = movement.boards[to];
  const flows = useMemo(() => flowsBetween(movement, from, to), [movement, from, to]);
  const layout = useMemo(
    () => (fromBoard && toBoard ? layoutFlows(flows, fromBoard, toBoard, { unit: 22, gap: 14, minHeight: 30 }) : null),
    [flows, fromBoard, toBoard],
  );
  if (!fromBoard || !toBoard || !layout) return null;
  const summary = summarizeFlows(flows);
  const summaryText = t('history.movementSummary', { ...summary });
  const height = layout.height + 2 * PAD + 40;
  return (
    <figure className="movement-figure">
      <svg
        className="movement-svg"
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-labelledby={titleId}
        data-testid="movement-chart"
        preserveAspectRatio="xMidYMin meet"
      >
        <title id={titleId}>{`${t('history.pairName', { from: fromBoard.title, to: toBoard.title })}. ${summaryText}`}</title>
        <text className="movement-heading" x={GUTTER + BOX} y={22} textAnchor="end">
          {clip(fromBoard.title, 30)}
        </text>
        <text className="movement-heading" x={WIDTH - GUTTER - BOX} y={22} textAnchor="start">
          {clip(toBoard.title, 30)}
        </text>
        <g transform={`translate(0 ${PAD + 36})`}>
          <Bands layout={layout} highlight={highlight} t={t} />
          <Column nodes={layout.left} x={GUTTER} side="left" t={t} />
          <Column nodes={layout.right} x={WIDTH - GUTTER - BOX} side="right" t={t} />
        </g>
      </svg>
      <figcaption className="movement-caption">{summaryText}</figcaption>
      <MovementTable flows={flows} fromTitle={fromBoard.title} toTitle={toBoard.title} highlight={highlight} />
    </figure>
  );
}

function Bands({ layout, highlight, t }: { layout: FlowLayout; highlight?: string; t: Translate }) {
  const x0 = GUTTER + BOX;
  const x1 = WIDTH - GUTTER - BOX;
  const middle = (x0 + x1) / 2;
  return (
    <g className="movement-bands">
      {[...layout.bands]
        .sort((a, b) => Number(isMine(a.flow, highlight)) - Number(isMine(b.flow, highlight)))
        .map((band) => {
          // The student's own way is drawn last, on top of the others.
          const mine = isMine(band.flow, highlight);
          const top = `M${x0},${band.fromY} C${middle},${band.fromY} ${middle},${band.toY} ${x1},${band.toY}`;
          const bottom = `L${x1},${band.toY + band.toHeight} C${middle},${band.toY + band.toHeight} ${middle},${band.fromY + band.fromHeight} ${x0},${band.fromY + band.fromHeight} Z`;
          return (
            <path
              key={`${stopKey(band.flow.from)}>${stopKey(band.flow.to)}`}
              d={`${top} ${bottom}`}
              fill={colorOf(band.flow.from.kind === 'pile' ? band.flow.from : band.flow.to)}
              className={mine ? 'movement-band movement-band-mine' : 'movement-band'}
              data-testid={mine ? 'movement-band-mine' : undefined}
            >
              <title>{`${stopName(band.flow.from, t)} → ${stopName(band.flow.to, t)}: ${band.flow.students.length}`}</title>
            </path>
          );
        })}
    </g>
  );
}

function Column({ nodes, x, side, t }: { nodes: FlowLayout['left']; x: number; side: 'left' | 'right'; t: Translate }) {
  return (
    <g className="movement-column">
      {nodes.map((node) => {
        const name = stopName(node.stop, t);
        const labelX = side === 'left' ? x - 10 : x + BOX + 10;
        return (
          <g key={stopKey(node.stop)}>
            <rect
              x={x}
              y={node.y}
              width={BOX}
              height={node.height}
              rx={3}
              fill={colorOf(node.stop)}
              stroke={node.stop.kind === 'absent' ? '#525b6c' : 'none'}
              strokeDasharray={node.stop.kind === 'absent' ? '4 3' : undefined}
            />
            <text
              className="movement-label"
              x={labelX}
              y={node.y + node.height / 2}
              textAnchor={side === 'left' ? 'end' : 'start'}
              dominantBaseline="middle"
            >
              <title>{name}</title>
              {`${clip(name, LABEL_CHARS)} (${node.count})`}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** The chart's figures as a table: one row per way taken, with who took it. */
function MovementTable({
  flows,
  fromTitle,
  toTitle,
  highlight,
}: {
  flows: Flow[];
  fromTitle: string;
  toTitle: string;
  highlight?: string;
}) {
  const t = useT();
  return (
    <table className="movement-table" data-testid="movement-table">
      <caption>{t('history.tableCaption', { from: fromTitle, to: toTitle })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('history.tableFrom', { board: fromTitle })}</th>
          <th scope="col">{t('history.tableTo', { board: toTitle })}</th>
          <th scope="col">{t('history.tableCount')}</th>
          <th scope="col">{t('history.tableStudents')}</th>
        </tr>
      </thead>
      <tbody>
        {flows.map((flow) => (
          <tr key={`${stopKey(flow.from)}>${stopKey(flow.to)}`} className={isMine(flow, highlight) ? 'movement-row-mine' : undefined}>
            <td>
              <Swatch stop={flow.from} />
              {stopName(flow.from, t)}
            </td>
            <td>
              <Swatch stop={flow.to} />
              {stopName(flow.to, t)}
            </td>
            <td className="movement-count">{flow.students.length}</td>
            <td>{flow.students.map((student) => student.label).join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function isMine(flow: Flow, studentId: string | undefined): boolean {
  return studentId !== undefined && flow.students.some((student) => student.studentId === studentId);
}

function Swatch({ stop }: { stop: Stop }) {
  return <span className="movement-swatch" style={{ background: colorOf(stop) }} aria-hidden="true" />;
}

function stopName(stop: Stop, t: Translate): string {
  if (stop.kind === 'pile') return stop.pile.title || t('history.untitledPile');
  return stop.kind === 'unsorted' ? t('history.unsorted') : t('history.absent');
}

function colorOf(stop: Stop): string {
  if (stop.kind === 'pile') return stop.pile.color;
  return stop.kind === 'unsorted' ? UNSORTED_COLOR : ABSENT_COLOR;
}

function clip(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}
