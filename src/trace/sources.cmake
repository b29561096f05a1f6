set(COMPONENT_SOURCES trace.c names.c format.c wnode_view.c writer.c writer_text.c writer_jsonl.c
    writer_mermaid.c)
