// One student's work on the canvas: a white card with the first page (turned as someone turned it,
// cropped to where the student worked, its name band masked while names are hidden), the
// student's label, tag chips and a badge when the card has comments or ink. Memoised with
// primitive props (and the page's regions, which change only when pages are uploaded), so it
// redraws only when its own card, its selection or the zoom level of its picture changes.
import { memo } from 'react';
import { cardPicture, clipRect } from '#shared/cardPicture.js';
import { CARD_HEIGHT, CARD_IMAGE_HEIGHT, CARD_LABEL_HEIGHT, CARD_WIDTH } from '#shared/layout.js';
import { type PageRect, rotatePageRect } from '#shared/pageGeometry.js';
import type { PageRotation } from '#shared/schema/card.js';
import { STACK_OFFSET } from '#shared/sortLayout.js';
import { useT } from '../../i18n/index.js';
import { useCardImage } from '../hooks/useCardImage.js';
import { useIsFocusStudent } from '../hooks/useFocusStudents.js';
import type { ImageLevel } from '../imageCache.js';
import { Group, Image as KonvaImage, Label, Line, Rect, Tag, Text } from '../konva.js';
import { useOptionalBoardView } from '../session.js';
import { FONT_FAMILY, INK, MUTED_INK, SELECTION, textWidth } from '../theme.js';
import { CardInk } from './CardInk.js';

const IMAGE_INSET = 6;
/** 14 px text with 6 px padding above and below. */
const NAME_TAG_HEIGHT = 26;
const CHIP_HEIGHT = 22;
const CHIP_FONT = 12;
/** 12 px on screen at the zoom a board opens at (READABLE_SCALE), for the back of the room. */
export const CARD_LABEL_FONT = 19;
const AREA = { x: IMAGE_INSET, y: IMAGE_INSET, w: CARD_WIDTH - 2 * IMAGE_INSET, h: CARD_IMAGE_HEIGHT - IMAGE_INSET };
/** Separates tags in the `tags` prop (a string, so memo compares it by value). */
export const TAG_JOIN = '\u001f';

export interface CardShapeProps {
  id: string;
  x: number;
  y: number;
  /** The label shown: the student's, or `Student 7` while names are hidden. */
  label: string;
  /** True when the card has no label (it reads "Unnamed student", in italics). */
  unnamed?: boolean;
  /** Asset id of the page drawn, or null when the card has no pages. */
  page: string | null;
  rotation?: PageRotation;
  /** The resolution its picture is drawn at. */
  level?: ImageLevel;
  /** The name band to mask on the page (only while names are hidden). */
  nameBand?: PageRect | null;
  /** Where the student worked on the page: the face shows only that (README, "Card faces show the work"); null for the whole page. */
  work?: PageRect | null;
  /** The card's tags joined with TAG_JOIN; shown as chips when `detail` is on. */
  tags?: string;
  /** Zoomed in far enough for small things (tag chips) to be legible. */
  detail?: boolean;
  comments?: number;
  ink?: number;
  selected?: boolean;
  /** Drawn raised, as when someone holds it. */
  lifted?: boolean;
  /** Someone else holds this card: outlined in their colour with their name. */
  heldBy?: { name: string; color: string; showName: boolean } | null;
  /** 1 / zoom, to keep the holder's name tag the same size on screen at any zoom. */
  tagScale?: number;
  /** The top card of a folded pile of this many cards. */
  stackCount?: number;
  /** False for cards far off screen: kept, not drawn, holding no image. */
  visible?: boolean;
  /**
   * Zoomed out so far that a card is a few dozen pixels wide: drawn as its picture on plain white,
   * without the label, border or shadow nobody could read there, so 500 cards redraw in a few ms.
   */
  far?: boolean;
}

export const CardShape = memo(function CardShape({
  id,
  x,
  y,
  label,
  unnamed = false,
  page,
  rotation = 0,
  level = 'thumb',
  nameBand = null,
  work = null,
  tags = '',
  detail = true,
  comments = 0,
  ink = 0,
  selected = false,
  lifted = false,
  heldBy = null,
  tagScale = 1,
  stackCount = 0,
  visible = true,
  far = false,
}: CardShapeProps) {
  const t = useT();
  const image = useCardImage(page, level, visible);
  const focus = useIsFocusStudent(id);
  // The work fitted in whole, centred, never cut; the rest of the page is one click away (card view).
  const picture = image.image ? cardPicture(AREA, image.width, image.height, rotation, work) : null;
  const drawn = picture?.shown ?? AREA;
  const turned = rotation === 90 || rotation === 270;
  const band = picture && nameBand ? rotatePageRect(nameBand, rotation) : null;
  const mask =
    picture && band
      ? clipRect(
          {
            x: picture.page.x + band.x * picture.page.w,
            y: picture.page.y + band.y * picture.page.h,
            w: band.w * picture.page.w,
            h: band.h * picture.page.h,
          },
          drawn,
        )
      : null;
  return (
    <Group
      x={x}
      y={y}
      id={`card-${id}`}
      name="card"
      cardId={id}
      visible={visible}
      imageLevel={image.level ?? ''}
      imageReady={image.status === 'ready'}
      selected={selected}
      studentLabel={label}
      heldColor={heldBy?.color ?? ''}
    >
      {/* Off screen, a card is its group alone: 500 cards' shapes are made only once they are in view. */}
      {visible && (
        <>
          {stackCount > 1 && <StackUnder count={stackCount} />}
          {far && !lifted ? null : lifted ? (
            <Rect
              width={CARD_WIDTH}
              height={CARD_HEIGHT}
              cornerRadius={8}
              fill="#ffffff"
              shadowColor="#0b1220"
              shadowBlur={18}
              shadowOffsetY={8}
              shadowOpacity={0.3}
            />
          ) : (
            // A cheap offset shadow: blurred shadows on hundreds of cards cost every redraw.
            <Rect x={1} y={2} width={CARD_WIDTH} height={CARD_HEIGHT} cornerRadius={8} fill="rgba(15, 23, 42, 0.14)" listening={false} />
          )}
          {far ? (
            <Rect width={CARD_WIDTH} height={CARD_HEIGHT} fill="#ffffff" listening={false} />
          ) : (
            <Rect width={CARD_WIDTH} height={CARD_HEIGHT} cornerRadius={8} fill="#ffffff" stroke="#d5dae3" strokeWidth={1} />
          )}
          {image.image ? (
            <KonvaImage
              image={image.image}
              // Turned about its centre, so the drawn box stays where the fit put it.
              x={drawn.x + drawn.w / 2}
              y={drawn.y + drawn.h / 2}
              width={turned ? drawn.h : drawn.w}
              height={turned ? drawn.w : drawn.h}
              offsetX={(turned ? drawn.h : drawn.w) / 2}
              offsetY={(turned ? drawn.w : drawn.h) / 2}
              rotation={rotation}
              cropX={picture?.crop?.x}
              cropY={picture?.crop?.y}
              cropWidth={picture?.crop?.width}
              cropHeight={picture?.crop?.height}
              listening={false}
            />
          ) : (
            <>
              <Rect x={AREA.x} y={AREA.y} width={AREA.w} height={AREA.h} fill="#f1f3f7" cornerRadius={far ? 0 : 4} listening={false} />
              {!far && (
                <Text
                  x={AREA.x}
                  y={AREA.y}
                  width={AREA.w}
                  height={AREA.h}
                  align="center"
                  verticalAlign="middle"
                  text={image.status === 'failed' ? t('card.imageUnavailable') : page ? t('card.loading') : t('card.noPages')}
                  fontFamily={FONT_FAMILY}
                  fontSize={13}
                  fill={MUTED_INK}
                  listening={false}
                />
              )}
            </>
          )}
          {picture && page && (
            <CardInk
              cardId={id}
              page={page}
              box={picture.page}
              clip={picture.crop ? drawn : null}
              rotation={rotation}
              pageWidth={image.width}
              pageHeight={image.height}
            />
          )}
          {mask && <NameMask x={mask.x} y={mask.y} w={mask.w} h={mask.h} text={far ? '' : t('card.nameMasked')} />}
          {detail && tags && <TagChips tags={tags} />}
          {(comments > 0 || ink > 0) && <Badge comments={comments} ink={ink} />}
          {!far && <Rect x={0} y={CARD_IMAGE_HEIGHT} width={CARD_WIDTH} height={1} fill="#e4e8ef" listening={false} />}
          {!far && (
            <Text
              x={4}
              y={CARD_IMAGE_HEIGHT}
              width={CARD_WIDTH - 8}
              height={CARD_LABEL_HEIGHT}
              align="center"
              verticalAlign="middle"
              text={unnamed ? t('card.unnamed') : label}
              fontFamily={FONT_FAMILY}
              fontSize={CARD_LABEL_FONT}
              fontStyle={unnamed ? 'italic' : '600'}
              fill={unnamed ? MUTED_INK : INK}
              wrap="none"
              ellipsis
              listening={false}
            />
          )}
          {stackCount > 1 && <StackCount count={stackCount} />}
          {focus && <FocusMark text={t('focus.badge')} />}
          {selected && <SelectionMark />}
          {heldBy && (
            <>
              <Rect
                x={-3}
                y={-3}
                width={CARD_WIDTH + 6}
                height={CARD_HEIGHT + 6}
                cornerRadius={10}
                stroke={heldBy.color}
                strokeWidth={4}
                listening={false}
              />
              {heldBy.showName && (
                <Label x={-3} y={-5 - NAME_TAG_HEIGHT * tagScale} scaleX={tagScale} scaleY={tagScale} listening={false}>
                  <Tag fill={heldBy.color} cornerRadius={4} />
                  <Text text={heldBy.name} fontFamily={FONT_FAMILY} fontSize={14} fontStyle="bold" fill="#ffffff" padding={6} />
                </Label>
              )}
            </>
          )}
        </>
      )}
    </Group>
  );
});

/** The two cards peeking out under the top card of a folded pile. */
function StackUnder({ count }: { count: number }) {
  const under = Math.min(2, count - 1);
  return (
    <>
      {Array.from({ length: under }, (_, i) => {
        const offset = (under - i) * STACK_OFFSET;
        return (
          <Rect
            key={offset}
            x={offset}
            y={offset}
            width={CARD_WIDTH}
            height={CARD_HEIGHT}
            cornerRadius={8}
            fill="#f7f8fb"
            stroke="#c9d0dc"
            strokeWidth={1}
            listening={false}
          />
        );
      })}
    </>
  );
}

function StackCount({ count }: { count: number }) {
  const text = String(count);
  const w = Math.max(40, textWidth(text, 22, 800) + 22);
  return <Pill x={CARD_WIDTH - w + 10} y={-12} width={w} height={36} fontSize={22} text={text} />;
}

/** White bold text on a dark rounded tag, legible over any scan: a stack's count, the focus mark. */
function Pill({
  x,
  y,
  width,
  height,
  fontSize,
  text,
}: {
  x: number;
  y: number;
  width: number;
  height: number;
  fontSize: number;
  text: string;
}) {
  return (
    <Group x={x} y={y} listening={false}>
      <Rect width={width} height={height} cornerRadius={height / 2} fill="#1f2a44" stroke="#ffffff" strokeWidth={2} />
      <Text
        width={width}
        height={height}
        align="center"
        verticalAlign="middle"
        text={text}
        fontFamily={FONT_FAMILY}
        fontSize={fontSize}
        fontStyle="800"
        fill="#ffffff"
      />
    </Group>
  );
}

function NameMask({ x, y, w, h, text }: { x: number; y: number; w: number; h: number; text: string }) {
  return (
    <Group listening={false} name="name-mask">
      <Rect x={x} y={y} width={w} height={h} fill="#d9dee7" />
      {text && h >= 13 && w >= 60 && (
        <Text
          x={x}
          y={y}
          width={w}
          height={h}
          align="center"
          verticalAlign="middle"
          text={text}
          fontFamily={FONT_FAMILY}
          fontSize={Math.min(12, h - 2)}
          fontStyle="600"
          fill="#4a5365"
          wrap="none"
          ellipsis
        />
      )}
    </Group>
  );
}

/** As many tag chips as fit on one row over the foot of the page, then "+n". */
function TagChips({ tags }: { tags: string }) {
  const list = [...new Set(tags.split(TAG_JOIN).filter(Boolean))];
  const chips: { text: string; x: number; w: number }[] = [];
  const room = CARD_WIDTH - 2 * IMAGE_INSET - 4;
  let x = IMAGE_INSET + 2;
  for (let i = 0; i < list.length; i++) {
    const rest = list.length - i;
    const text = list[i] as string;
    const w = Math.min(room, Math.ceil(textWidth(text, CHIP_FONT, 600)) + 14);
    const moreW = rest > 1 ? Math.ceil(textWidth(`+${rest - 1}`, CHIP_FONT, 700)) + 14 : 0;
    if (x + w + (moreW ? moreW + 4 : 0) > IMAGE_INSET + 2 + room && chips.length > 0) {
      const more = `+${rest}`;
      chips.push({ text: more, x, w: Math.ceil(textWidth(more, CHIP_FONT, 700)) + 14 });
      break;
    }
    chips.push({ text, x, w });
    x += w + 4;
  }
  const y = CARD_IMAGE_HEIGHT - CHIP_HEIGHT - 4;
  return (
    <Group listening={false} name="tag-chips">
      {chips.map((chip) => (
        <Group key={`${chip.text}-${chip.x}`} x={chip.x} y={y}>
          <Rect width={chip.w} height={CHIP_HEIGHT} cornerRadius={11} fill="#eef2fb" stroke="#9fb0d6" strokeWidth={1} />
          <Text
            x={7}
            width={chip.w - 14}
            height={CHIP_HEIGHT}
            verticalAlign="middle"
            text={chip.text}
            fontFamily={FONT_FAMILY}
            fontSize={CHIP_FONT}
            fontStyle="600"
            fill="#1c3a7a"
            wrap="none"
            ellipsis
          />
        </Group>
      ))}
    </Group>
  );
}

/** A speech bubble with the number of comments and a pen stroke for ink, top right of the card. */
function Badge({ comments, ink }: { comments: number; ink: number }) {
  const parts: { kind: 'comments' | 'ink'; count: number }[] = [];
  if (comments > 0) parts.push({ kind: 'comments', count: comments });
  if (ink > 0) parts.push({ kind: 'ink', count: ink });
  const widths = parts.map((part) => 22 + (part.kind === 'comments' ? Math.ceil(textWidth(String(part.count), 13, 700)) + 4 : 0));
  const w = widths.reduce((sum, each) => sum + each, 0) + 8;
  let x = 6;
  return (
    <Group x={CARD_WIDTH - w - 4} y={10} listening={false} name="card-badge">
      <Rect width={w} height={26} cornerRadius={13} fill="#1f2a44" stroke="#ffffff" strokeWidth={1.5} />
      {parts.map((part, i) => {
        const at = x;
        x += widths[i] ?? 0;
        return part.kind === 'comments' ? (
          <Group key="comments" x={at} y={6}>
            <Line points={[1, 1, 15, 1, 15, 10, 7, 10, 3, 14, 4, 10, 1, 10]} closed fill="#ffffff" />
            <Text x={19} y={-1} text={String(part.count)} fontFamily={FONT_FAMILY} fontSize={13} fontStyle="700" fill="#ffffff" />
          </Group>
        ) : (
          <Line
            key="ink"
            x={at}
            y={6}
            points={[1, 12, 5, 4, 9, 11, 13, 2, 16, 8]}
            stroke="#ffd166"
            strokeWidth={2.2}
            lineCap="round"
            lineJoin="round"
          />
        );
      })}
    </Group>
  );
}

/**
 * A lesson study focus student (issue 6): a dashed dark frame and a "★ FOCUS" tab on the top edge,
 * so the card stands out by shape and words, not by colour alone. Zoomed out, both keep their size
 * on screen (a 3 px frame, a 13 px tab; a star once the card is too small for the word), so a focus
 * student is found at the board's fit zoom too (issue 25). Only these few cards follow the zoom.
 */
function FocusMark({ text }: { text: string }) {
  const view = useOptionalBoardView();
  const scale = view?.viewport.scale ?? 1;
  const grow = Math.min(10, Math.max(1, 1 / scale));
  const label = CARD_WIDTH * scale >= 90 ? `★ ${text}` : '★';
  const tabHeight = 24 * grow;
  const w = Math.max(tabHeight, (Math.ceil(textWidth(label, 13, 800)) + 18) * grow);
  const inset = 7 * grow;
  return (
    <Group listening={false} name="focus-mark">
      <Rect
        x={-inset}
        y={-inset}
        width={CARD_WIDTH + 2 * inset}
        height={CARD_HEIGHT + 2 * inset}
        cornerRadius={13 * grow}
        stroke="#1f2a44"
        strokeWidth={3 * grow}
        dash={[12 * grow, 6 * grow]}
      />
      <Group x={(CARD_WIDTH - w) / 2} y={-inset - tabHeight / 2} scaleX={grow} scaleY={grow} name="focus-tab">
        <Pill x={0} y={0} width={w / grow} height={24} fontSize={13} text={label} />
      </Group>
    </Group>
  );
}

function SelectionMark() {
  return (
    <Group listening={false} name="selection">
      <Rect
        x={-5}
        y={-5}
        width={CARD_WIDTH + 10}
        height={CARD_HEIGHT + 10}
        cornerRadius={12}
        stroke={SELECTION}
        strokeWidth={4}
        fill="rgba(36, 81, 183, 0.08)"
      />
      <Rect x={-10} y={-10} width={26} height={26} cornerRadius={13} fill={SELECTION} stroke="#ffffff" strokeWidth={2} />
      <Line points={[-3, 3, 2, 8, 10, -1]} stroke="#ffffff" strokeWidth={3} lineCap="round" lineJoin="round" />
    </Group>
  );
}
