from statusgen.cli import main

main()
