// The addresses of a class's pages: read from the path and fragment, and written so that the token
// stays in the fragment (never sent to the server) and a projector's hidden names survive a copy.
import { describe, expect, it } from 'vitest';
import { classFragment, classPlaceFromPath, movementPagePath, studentPagePath } from '../../client/src/sync/classHistoryApi.js';

describe('class page addresses', () => {
  it('reads the class, the view and the student from the path', () => {
    expect(classPlaceFromPath('/class/abc')).toEqual({ classId: 'abc', view: 'class' });
    expect(classPlaceFromPath('/class/abc/movement/')).toEqual({ classId: 'abc', view: 'movement' });
    expect(classPlaceFromPath('/class/abc/student/s%201')).toEqual({ classId: 'abc', view: 'student', studentId: 's 1' });
    expect(classPlaceFromPath('/class/abc/student/')).toBeNull();
    expect(classPlaceFromPath('/class/%E0%A4%A/movement')).toBeNull();
    expect(classPlaceFromPath('/b/abc')).toBeNull();
  });

  it('writes the token and the names setting in the fragment, and reads them back', () => {
    const path = studentPagePath('abc', 's1', 'tok+/=', true);
    expect(path).toBe('/class/abc/student/s1#token=tok%2B%2F%3D&names=hidden');
    expect(classFragment(new URL(path, 'http://x').hash)).toEqual({ token: 'tok+/=', namesHidden: true });
    expect(classFragment(new URL(movementPagePath('abc', 'tok'), 'http://x').hash)).toEqual({ token: 'tok', namesHidden: false });
  });
});
