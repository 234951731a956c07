/* The command graph compiled by graphgen, embedded read-only in the
 * program (shell/cmdset.c opens it in place). */
	.section .rodata
	.balign 16
	.globl vrpsh_graph_blob
	.type vrpsh_graph_blob, @object
vrpsh_graph_blob:
	.incbin GRAPH_BIN
	.globl vrpsh_graph_blob_end
vrpsh_graph_blob_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
