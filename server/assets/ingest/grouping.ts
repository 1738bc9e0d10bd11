// Which pages make one student's card. A multi-page file (a copier's PDF of the class, a fax TIFF)
// is cut into runs of `pagesPerStudent` pages; consecutive single-page files (a batch of phone
// photos) are grouped the same way, in the order they were uploaded.

export interface SourceFile<P> {
  /** The student label the file name suggests, or ''. */
  label: string;
  pages: P[];
}

export interface StudentGroup<P> {
  student: string;
  pages: P[];
}

export function groupPagesByStudent<P>(files: SourceFile<P>[], pagesPerStudent: number): StudentGroup<P>[] {
  const groups: StudentGroup<P>[] = [];
  let run: SourceFile<P>[] = [];
  const flushRun = () => {
    for (let i = 0; i < run.length; i += pagesPerStudent) {
      const members = run.slice(i, i + pagesPerStudent);
      groups.push({ student: agreedLabel(members.map((file) => file.label)), pages: members.flatMap((file) => file.pages) });
    }
    run = [];
  };
  for (const file of files) {
    if (file.pages.length === 1) {
      run.push(file);
      continue;
    }
    flushRun();
    const count = Math.ceil(file.pages.length / pagesPerStudent);
    for (let i = 0; i < file.pages.length; i += pagesPerStudent) {
      // A file of the whole class has no one student's name; a file of one student's pages does.
      groups.push({ student: count === 1 ? file.label : '', pages: file.pages.slice(i, i + pagesPerStudent) });
    }
  }
  flushRun();
  return groups;
}

/** The label all the named files of a group agree on ("Ana M.jpg" + "IMG_2035.jpg"), else ''. */
function agreedLabel(labels: string[]): string {
  const named = new Set(labels.filter((label) => label !== ''));
  return named.size === 1 ? ([...named][0] as string) : '';
}
