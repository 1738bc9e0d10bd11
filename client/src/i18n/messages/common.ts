// Strings used across the app: the toolbar, zoom, connection state, roles.
import { defineMessages } from '../define.js';

export const common = defineMessages({
  en: {
    'app.home': 'Worksort home',
    'board.untitled': 'Untitled board',
    'role.viewOnly': 'View only',
    'toolbar.share': 'Share',
    'toolbar.addPile': 'Add pile',
    'zoom.group': 'Zoom',
    'zoom.out': 'Zoom out',
    'zoom.outHint': 'Zoom out (−)',
    'zoom.in': 'Zoom in',
    'zoom.inHint': 'Zoom in (+)',
    'zoom.level': 'Zoom {percent}%, reset to 100%',
    'zoom.resetHint': 'Reset zoom to 100%',
    'zoom.fit': 'Fit',
    'zoom.fitHint': 'Show the whole board (0)',
    'language.label': 'Language',
  },
  es: {
    'app.home': 'Inicio de Worksort',
    'board.untitled': 'Tablero sin título',
    'role.viewOnly': 'Solo lectura',
    'toolbar.share': 'Compartir',
    'toolbar.addPile': 'Añadir grupo',
    'zoom.group': 'Zoom',
    'zoom.out': 'Alejar',
    'zoom.outHint': 'Alejar (−)',
    'zoom.in': 'Acercar',
    'zoom.inHint': 'Acercar (+)',
    'zoom.level': 'Zoom {percent} %, volver al 100 %',
    'zoom.resetHint': 'Volver al 100 %',
    'zoom.fit': 'Ajustar',
    'zoom.fitHint': 'Ver todo el tablero (0)',
    'language.label': 'Idioma',
  },
});
