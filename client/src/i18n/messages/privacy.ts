// Strings of issue 19: names found on uploaded pages, upload progress while the server works, the
// board's labelled toolbar, and locks felt before a drop.
import { defineMessages } from '../define.js';

export const privacy = defineMessages({
  en: {
    'upload.waitingTurn': 'Waiting for the server…',
    'upload.reading': 'Reading page {done} of {total}',
    'upload.storing': 'Finding names, page {done} of {total}',
    'names.checkTitle': 'Are the names covered?',
    'names.checkText': 'Each page’s name was looked for as it came in. This is what a shared screen shows while names are hidden.',
    'names.checkAlt': 'Page {page} with its name covered',
    'names.confirm': 'Yes, names are covered',
    'names.confirmed': 'Thank you: names stay covered whenever they are hidden.',
    'names.markMyself': 'No, I will mark where names are',
    'names.confirmedShort': 'Names checked',
    'rail.select': 'Select',
    'rail.pen': 'Pen',
    'rail.highlighter': 'Highlighter',
    'rail.eraser': 'Eraser',
    'rail.laser': 'Laser',
    'rail.note': 'Note',
    'lock.cannotMove': '{who} locked sorting for this phase: cards stay where they are.',
    'lock.cannotMoveAnyone': 'Sorting is locked in this phase: cards stay where they are.',
    'lock.facilitator': 'The facilitator',
  },
  es: {
    'upload.waitingTurn': 'Esperando al servidor…',
    'upload.reading': 'Leyendo la página {done} de {total}',
    'upload.storing': 'Buscando nombres, página {done} de {total}',
    'names.checkTitle': '¿Quedan tapados los nombres?',
    'names.checkText':
      'Se buscó el nombre de cada página al subirla. Esto es lo que muestra una pantalla compartida mientras los nombres están ocultos.',
    'names.checkAlt': 'Página {page} con el nombre tapado',
    'names.confirm': 'Sí, los nombres quedan tapados',
    'names.confirmed': 'Gracias: los nombres quedarán tapados siempre que estén ocultos.',
    'names.markMyself': 'No, marcaré yo dónde están los nombres',
    'names.confirmedShort': 'Nombres comprobados',
    'rail.select': 'Seleccionar',
    'rail.pen': 'Bolígrafo',
    'rail.highlighter': 'Resaltador',
    'rail.eraser': 'Borrador',
    'rail.laser': 'Láser',
    'rail.note': 'Nota',
    'lock.cannotMove': '{who} bloqueó la clasificación en esta fase: las tarjetas se quedan donde están.',
    'lock.cannotMoveAnyone': 'La clasificación está bloqueada en esta fase: las tarjetas se quedan donde están.',
    'lock.facilitator': 'La persona que facilita',
  },
});
