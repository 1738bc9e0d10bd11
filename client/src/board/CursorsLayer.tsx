// Everyone else's pointer, on top of everything, on a layer that never listens for events.
import { memo } from 'react';
import type { Participant } from '../hooks/useParticipants.js';
import { Cursor } from './Cursor.js';
import { Layer } from './konva.js';

export const CursorsLayer = memo(function CursorsLayer({ participants, scale }: { participants: Participant[]; scale: number }) {
  return (
    <Layer listening={false}>
      {participants.map((participant) =>
        participant.cursor ? (
          <Cursor
            key={participant.clientId}
            x={participant.cursor.x}
            y={participant.cursor.y}
            name={participant.name}
            color={participant.color}
            scale={1 / scale}
          />
        ) : null,
      )}
    </Layer>
  );
});
