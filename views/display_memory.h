/* `display memory`: the memory of the host stands for the device's
 * (slot 1, CPU 0), in the layout of the command's reference page; the
 * layout is exposed so that tests can pin it with the page's example. */
#ifndef VRPSH_VIEWS_DISPLAY_MEMORY_H
#define VRPSH_VIEWS_DISPLAY_MEMORY_H

/* The lines of the output for total and used kilobytes, each given to
 * line(). */
void view_memory_text(unsigned long total_kb, unsigned long used_kb,
		      void (*line)(void *arg, const char *text), void *arg);

#endif
