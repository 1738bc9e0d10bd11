// The canvas components, from Konva's core and only the shapes the board draws: the full Konva
// bundle (filters, transformer, every shape) would be a third of the app's download.
import 'konva/lib/Core.js';
import 'konva/lib/shapes/Image.js';
import 'konva/lib/shapes/Label.js';
import 'konva/lib/shapes/Line.js';
import 'konva/lib/shapes/Rect.js';
import 'konva/lib/shapes/Text.js';

export { Group, Image, Label, Layer, Line, Rect, Stage, Tag, Text } from 'react-konva/lib/ReactKonvaCore.js';
